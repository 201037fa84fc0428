-- wrk script of the load harness (bench/load.sh --driver wrk|both): every request POSTs the same
-- chat body, as a wrk user would send it. The body is read from the file named by VEIL_BENCH_BODY;
-- the Authorization header, if any, comes from VEIL_BENCH_AUTH (an environment variable, so that
-- the API key never appears on a command line). At the end one line starting with VEIL_BENCH gives
-- the figures the harness reads: latencies in microseconds, wrk's error counts.
local file = assert(io.open(os.getenv("VEIL_BENCH_BODY"), "rb"))
local body = file:read("*a")
file:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
local auth = os.getenv("VEIL_BENCH_AUTH")
if auth ~= nil and auth ~= "" then
  wrk.headers["Authorization"] = auth
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "VEIL_BENCH requests=%d duration_us=%d p50=%d p90=%d p99=%d p999=%d max=%d mean=%.1f "
      .. "status=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean,
    e.status, e.connect, e.read, e.write, e.timeout))
end
