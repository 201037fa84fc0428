package dev.veil.detect.ner;

import java.util.List;
import java.util.function.Consumer;

/**
 * Sentence templates for synthetic data. {@link #TRAIN} feeds the model; {@link #EVAL} is worded
 * differently and is used only to measure it, so a score on it says something about templates the
 * model never saw.
 */
final class Templates {

  private Templates() {}

  static final List<String> TRAIN = List.of(
      "My name is {PERSON} and I live in {CITY}.",
      "Hi, I'm {FIRST}. Can you help me reset my password?",
      "Please contact {TITLE} {LAST} at {EMAIL} or {PHONE}.",
      "Contact Dr. {LAST} at {PHONE} for the results.",
      "{PERSON} works at {ORG} in {CITY}, {STATE}.",
      "Dear {TITLE} {LAST},\nThank you for your order. It will ship to {ADDRESS}.\nBest regards,\n{PERSON}",
      "Patient {PERSON}, DOB {DATE}, was admitted to {ORG} with chest pain.",
      "Patient: {PERSON}\nDOB: {DATE}\nAddress: {ADDRESS}\nPhone: {PHONE}",
      "Ticket #{NUM}: customer {PERSON} ({EMAIL}) reports that the app crashes on login.",
      "Can you write a cover letter for {PERSON} applying to {ORG}?",
      "Summarize this email from {FIRST}: the meeting in {CITY} moved to {DATE}.",
      "Send the invoice to {PERSON}, {ADDRESS}.",
      "{FIRST} and {FIRST} are flying from {CITY} to {CITY} next week.",
      "I met {PERSON} at the {ORG} conference in {COUNTRY}.",
      "Thanks,\n{FIRST}",
      "Regards,\n{PERSON}\n{ORG}",
      "Signed: {PERSON}",
      "The lease is between {PERSON} (tenant) and {ORG} (landlord) for the unit at {ADDRESS}.",
      "Name: {PERSON}\nEmail: {EMAIL}\nCompany: {ORG}\nCountry: {COUNTRY}",
      "Full name: {PERSON}; SSN: {SSN}; card: {CC}",
      "{PERSON}'s account was charged twice. Please refund card {CC}.",
      "Wire the money to IBAN {IBAN}, account holder {PERSON}.",
      "I'm {PERSON}, a nurse at {ORG} in {STATE}.",
      "We are based in {CITY} and our parent company is {ORG}.",
      "{ORG} announced that {PERSON} will become the new CEO.",
      "Ask {FIRST} to call me back on {PHONE}.",
      "She moved to {COUNTRY} after leaving {ORG}.",
      "hey {FIRST}, are you still in {CITY}?",
      "Mr. {LAST} lives at {ADDRESS}.",
      "Mrs. {PERSON} was referred by Dr. {LAST}.",
      "The server at {IP} belongs to {ORG}.",
      "Log in at {URL} with the account of {PERSON}.",
      "Please book a table for {FIRST} {LAST} on {DATE}.",
      "From: {PERSON} <{EMAIL}>\nTo: {PERSON}\nSubject: Quarterly numbers for {ORG}",
      "Attendees: {PERSON}, {PERSON} and {PERSON}.",
      "- {PERSON}, {ORG}\n- {PERSON}, {ORG}\n- {PERSON}, {ORG}",
      "{LAST}, {FIRST} - {CITY}, {COUNTRY}",
      "Our office in {CITY} is located at {ADDRESS}.",
      "Ship to: {PERSON}, {ADDRESS}",
      "I was born in {CITY} and grew up in {COUNTRY}.",
      "Can {FIRST} from accounting approve the refund?",
      "Employee {PERSON} (ID {NUM}) transferred from the {CITY} office to {ORG}.",
      "The defendant, {PERSON}, resided at {ADDRESS} until {DATE}.",
      "Prescribed by {TITLE} {PERSON} at {ORG}.",
      "Hello {TITLE} {LAST}, your appointment is confirmed for {DATE}.",
      "{PERSON} called about the package that was delivered to {ADDRESS}.",
      "My manager {PERSON} said I should ask {ORG} support.",
      "Write a poem about {CITY} in the style of {PERSON}.",
      "Translate this for {FIRST}: I will arrive in {CITY} on {DATE}.",
      "The wedding of {PERSON} and {PERSON} will take place in {CITY}.",
      "Please update the billing address for {ORG} to {ADDRESS}.",
      "{PERSON} (phone {PHONE}) requested a copy of her records.",
      "Our client {ORG} has offices in {CITY}, {CITY} and {COUNTRY}.",
      "I need a reference letter for {PERSON}, who interned with us at {ORG}.",
      "Is {CITY} bigger than {CITY}?",
      "Compare {ORG} and {ORG} for me.",
      "What is the capital of {COUNTRY}?",
      "Our team visited {CITY}, {COUNTRY} last spring.",
      "Meeting notes: {FIRST} presented, {FIRST} took notes, action items go to {PERSON}.",
      "Forward this to {EMAIL} and cc {PERSON}.",
      "The account {IBAN} belongs to {ORG}.",
      "Customer since {DATE}: {PERSON}, {ADDRESS}, {PHONE}.",
      "{TITLE} {PERSON} is a cardiologist at {ORG}.",
      "I am writing on behalf of my mother, {PERSON}, who lives in {STATE}.",
      "Yesterday {FIRST} told me {FIRST} quit {ORG}.",
      "Reach our {CITY} branch at {PHONE}.",
      "{PERSON} ({EMAIL}) and {PERSON} ({EMAIL}) joined the call.",
      "Candidate: {PERSON}. Current employer: {ORG}. Location: {CITY}.",
      "Remind {FIRST} that rent is due on {DATE}.",
      "The package from {ORG} is stuck in {CITY}.",
      "Visit us at {ADDRESS} or online at {URL}.",
      "According to {PERSON}, sales in {COUNTRY} doubled.",
      "Thanks {FIRST}! See you in {CITY}.",
      "Best,\n{FIRST} {LAST}\nSenior Engineer, {ORG}\n{PHONE}",
      "Please mail the check to {ADDRESS}.",
      "The {ORG} branch on {ADDRESS} closes at 5 pm.",
      "Hi team, {PERSON} will cover for me while I'm in {COUNTRY}.",
      "The report by {PERSON} of {ORG} was published on {DATE}.",
      "We hired {PERSON} away from {ORG}.",
      "Directions from {CITY} to {ADDRESS}, please.",
      "i think {FIRST} said the office moved to {CITY}",
      "The Quick Start Guide explains how to Install the App on Windows.",
      "Please Review The Attached Invoice And Confirm By Friday.",
      "Monday's meeting is moved to Tuesday at 3 PM.",
      "The Annual Report covers Revenue, Expenses and Outlook.",
      "Will you send me the summary? May I also see the draft?",
      "Thank you for your patience. Your Order Number is {NUM}.",
      "The new Terms of Service take effect on {DATE}.",
      "Click Save, then Export to PDF.",
      "Error: Connection Refused while calling the Payment API.",
      "Hope you are well. Grace period ends soon.",
      "I will be in the office on Monday. Long day ahead!",
      "Rose petals and Black tea are on the Shopping List.",
      "How do I use Python and Java together in a Spring Boot project?",
      "{W} {W} {PERSON} {W} {W}.",
      "{W} {FIRST} {W} {W} {W}.",
      "{PERSON} {W} {W} {W}.",
      "{W} {W} {W} {PERSON}.",
      "{W}, {W} {FIRST}.",
      "{W} {W} {CITY} {W} {W}.",
      "{W} {W} {ORG} {W}.",
      "{W} {PERSON} {W} {ORG} {W} {CITY}.",
      "{W} {W}: {PERSON}, {W} {W} {COUNTRY}.",
      "{W} {W} {W} {LOC}, {W} {W}.");

  static final List<String> EVAL = List.of(
      "Hello, my colleague {PERSON} asked me to forward her CV to {ORG}.",
      "The shipment for {PERSON} should go to {ADDRESS} instead.",
      "I spoke with {TITLE} {LAST} from {ORG} yesterday about the contract.",
      "{FIRST} is moving to {CITY} in {DATE}.",
      "Please let {PERSON} know that the parcel arrived in {COUNTRY}.",
      "Could you draft an apology to {PERSON} on behalf of {ORG}?",
      "Cardholder {PERSON}, card number {CC}, expires soon.",
      "Our new hire {PERSON} starts at the {CITY} office.",
      "Referral: {PERSON}, age 54, seen at {ORG}, lives at {ADDRESS}.",
      "Kind regards,\n{PERSON}",
      "Cheers, {FIRST}",
      "{PERSON} sent {DATE} an email to {EMAIL} asking about the refund.",
      "The property at {ADDRESS} was sold to {PERSON}.",
      "We visited {CITY} and then drove to {CITY}.",
      "{ORG} is opening a new office in {COUNTRY}.",
      "Tell {FIRST} that {ORG} approved the loan.",
      "Applicant name: {PERSON}\nHome address: {ADDRESS}\nSSN: {SSN}",
      "What does {PERSON} think about the merger between {ORG} and {ORG}?",
      "My neighbour {PERSON} recommended a dentist in {CITY}.",
      "Transfer 500 EUR from {IBAN} to {PERSON}.",
      "I would like to cancel the subscription for {PERSON} ({PHONE}).",
      "The conference in {CITY}, {COUNTRY} was organised by {ORG}.",
      "{TITLE} {PERSON} will see you on {DATE}.",
      "Write a birthday message for my friend {FIRST}.",
      "{PERSON} from {CITY} won the regional award.",
      "Please ask {PERSON} whether {ORG} still uses the server at {IP}.",
      "Return address: {ADDRESS}",
      "Sincerely yours,\n{PERSON}\n{ORG}",
      "Hi {FIRST}, thanks for reaching out about the job at {ORG}.",
      "The suspect, {PERSON}, was last seen in {STATE}.",
      "{PERSON} and {PERSON} are co-authors of the study.",
      "Our supplier {ORG} ships from {COUNTRY}.",
      "Please schedule a call with {PERSON} and her lawyer {PERSON}.",
      "Where is {CITY}? My cousin {FIRST} lives there.",
      "Send the documents to {PERSON} at {ADDRESS} by {DATE}.",
      "The contract with {ORG} was signed by {PERSON}.",
      "Flight from {CITY} to {CITY} booked for {PERSON}.",
      "Hey, it's {FIRST}. Call me at {PHONE}.",
      "{PERSON} reviewed the code and left comments at {URL}.",
      "Nurse {PERSON} changed the dressing at {TIME}.",
      "The Board Meeting Agenda Includes Budget Review And Hiring Plans.",
      "May we reschedule to Friday? I will bring the slides.",
      "Please Find Attached The Signed Copy.",
      "The weather in {CITY} was lovely, said {FIRST}.",
      "Reach me at {EMAIL} or {PHONE} after {DATE}.",
      "Card on file: {CC}. Billing contact: {EMAIL}.",
      "Please verify SSN {SSN} and date of birth {DATE}.",
      "IBAN {IBAN}, reference {NUM}, due {DATE}.",
      "Blocked requests from {IP} to {URL} at {DATE}.",
      "New lead: {PERSON}, {EMAIL}, {PHONE}, {ORG}.",
      "Update my card to {CC} and my phone to {PHONE}.",
      "The login from {IP} used the address {EMAIL}.",
      "{FIRST} paid with card {CC} on {DATE}; refund to {IBAN}.",
      "Docs are at {URL}; questions go to {EMAIL}.");

  /**
   * Appends {@code template} to {@code out}, handing the name of each {@code {slot}} to {@code
   * slot}, which appends its value to {@code out}.
   */
  static void expand(String template, StringBuilder out, Consumer<String> slot) {
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      if (open < 0) {
        out.append(template, i, template.length());
        return;
      }
      out.append(template, i, open);
      int close = template.indexOf('}', open);
      slot.accept(template.substring(open + 1, close));
      i = close + 1;
    }
  }
}
