-- wrk script: POSTs the registration form with a new e-mail address each time (a counter
-- and the run id from BENCH_RUN), the CSRF cookie and header from BENCH_CSRF, to the path
-- in BENCH_PATH; prints the same RESULT line as paths.lua.
local path = os.getenv("BENCH_PATH")
local csrf = os.getenv("BENCH_CSRF")
local run = os.getenv("BENCH_RUN")
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "csrftoken=" .. csrf
wrk.headers["X-CSRFToken"] = csrf

request = function()
  counter = counter + 1
  local choice = (counter % 3) + 1
  local body = "name=Person+" .. counter
    .. "&email=p" .. run .. "-" .. counter .. "%40bench-registration.invalid"
    .. "&privacy_consent=on&first_choice=" .. os.getenv("BENCH_WORKSHOP_" .. choice)
  return wrk.format(nil, path, nil, body)
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f non2xx=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.errors.status, errors))
end
