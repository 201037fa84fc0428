package dev.veil.detect.eval.independent;

import java.util.List;

/** Small hand-written lists for the independent set: places, forms of dates and ages, fillers. */
final class Lists {

  private Lists() {}

  static final List<String> CITIES = List.of("Lagos", "Nairobi", "Accra", "Kampala",
      "Johannesburg", "Cape Town", "Cairo", "Casablanca", "Tunis", "Dubai", "Riyadh", "Amman",
      "Beirut", "Istanbul", "Ankara", "Karachi", "Lahore", "Mumbai", "Bengaluru", "Chennai",
      "Hyderabad", "Kolkata", "Dhaka", "Colombo", "Kathmandu", "Bangkok", "Hanoi",
      "Ho Chi Minh City", "Jakarta", "Manila", "Kuala Lumpur", "Singapore", "Shanghai", "Beijing",
      "Shenzhen", "Hong Kong", "Taipei", "Seoul", "Busan", "Tokyo", "Osaka", "Sydney",
      "Melbourne", "Brisbane", "Auckland", "Wellington", "Vancouver", "Toronto", "Montréal",
      "Seattle", "Portland", "San Francisco", "Los Angeles", "Denver", "Austin", "Chicago",
      "Atlanta", "Boston", "New York", "Philadelphia", "Miami", "Mexico City", "Guadalajara",
      "Bogotá", "Lima", "São Paulo", "Rio de Janeiro", "Buenos Aires", "Santiago", "Lisbon",
      "Porto", "Madrid", "Barcelona", "Valencia", "Sevilla", "Bordeaux", "Lyon", "Marseille",
      "Paris", "Brussels", "Antwerp", "Amsterdam", "Rotterdam", "Utrecht", "Hamburg", "Berlin",
      "München", "Köln", "Frankfurt", "Stuttgart", "Leipzig", "Zürich", "Genève", "Wien", "Graz",
      "Milano", "Torino", "Bologna", "Napoli", "Roma", "Firenze", "Kraków", "Warszawa", "Gdańsk",
      "Wrocław", "Praha", "Brno", "Bratislava", "Budapest", "Debrecen", "Zagreb", "Split",
      "Ljubljana", "Beograd", "București", "Cluj-Napoca", "Sofia", "Athens", "Thessaloniki",
      "Kyiv", "Lviv", "Vilnius", "Riga", "Tallinn", "Helsinki", "Tampere", "Stockholm",
      "Göteborg", "Malmö", "Oslo", "Bergen", "Copenhagen", "Aarhus", "Reykjavík", "Dublin",
      "Cork", "Galway", "Belfast", "Glasgow", "Edinburgh", "Manchester", "Leeds", "Bristol",
      "Cardiff", "London", "Brighton", "Norwich");

  static final List<String> PLACES = List.of("Bavaria", "Tuscany", "the Algarve", "Catalonia",
      "Brittany", "Andalusia", "Silesia", "Transylvania", "Lapland", "Patagonia", "Bali",
      "Kerala", "Punjab", "Sicily", "Sardinia", "Crete", "Normandy", "Yorkshire", "Cornwall",
      "the Scottish Highlands", "Ontario", "Quebec", "British Columbia", "Texas", "California",
      "Oregon", "New South Wales", "Queensland", "Lake Como", "the Black Forest", "the Alps",
      "Rhodes", "Gauteng", "Lombardy", "Flanders", "Wallonia", "Jutland", "Moravia");

  static final List<String> TIMES = List.of("H:MM", "Hpm", "Ham", "H:MM pm", "H:MM am",
      "HH:MM", "H.MMam", "HH:MM CET", "HH:MM UTC", "H o'clock");

  static final List<String> RELATIVE_DATES = List.of("tomorrow", "today", "yesterday",
      "next Tuesday", "this Friday", "last Monday", "next week", "Thursday", "Monday morning",
      "Wednesday afternoon", "the day after tomorrow", "end of next week", "next month",
      "tomorrow morning", "Friday at noon", "two weeks ago", "last night");

  static final List<String> AGE_FORMS = List.of("N years old", "N-year-old", "N year old",
      "N yrs old", "N y/o", "N years of age", "N-years-old");

  static final List<String> RELIGIONS = List.of("Muslim", "Catholic", "Hindu", "Jewish",
      "Buddhist", "Sikh", "Orthodox Christian", "Protestant", "Lutheran", "Methodist", "Baptist",
      "Mormon", "Evangelical", "Jain", "Sunni", "Shia", "atheist", "Christian", "Quaker");

  static final List<String> POLITICAL = List.of("Democrat", "Republican", "Labour",
      "Conservative", "Liberal Democrat", "Green", "Social Democrat", "socialist", "communist",
      "Tory", "libertarian", "Christian Democrat");

  static final List<String> MAIL_DOMAINS = List.of("gmail.com", "outlook.com", "hotmail.com",
      "yahoo.com", "icloud.com", "proton.me", "web.de", "gmx.net", "gmx.at", "orange.fr",
      "free.fr", "libero.it", "yahoo.co.uk", "btinternet.com", "wp.pl", "seznam.cz", "uol.com.br",
      "mail.ru", "rediffmail.com", "telenet.be", "ziggo.nl", "bluewin.ch", "northwind-legal.com",
      "acme-logistics.co.uk", "brightpath.io", "kestrel-med.org", "uni-example.edu");

  static final List<String> INSTITUTIONS = List.of("University of {City}",
      "{City} General Hospital",
      "{City} City Council", "{City} Children's Hospital", "Technical University of {City}",
      "{City} Chamber of Commerce", "{City} Public Library", "St. Mary's Hospital {City}",
      "{City} Community College", "Bank of {City}");

  static final List<String> PRODUCTS = List.of("Excel", "Outlook", "Teams", "PowerPoint",
      "Word", "Kindle", "AirPods", "ThinkPad", "Galaxy S23", "iPhone 15", "Jira", "Confluence",
      "Notion", "Figma", "Photoshop", "Docker", "Kubernetes", "PostgreSQL", "Python", "React",
      "Windows 11", "macOS Sonoma", "PlayStation 5", "Xbox", "Chromebook", "Pixel 8");
}
