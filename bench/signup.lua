-- wrk script: POST /subscribe with a unique address per request.
-- GUARD (a form guard from GET /) comes from the environment.
local guard = os.getenv("GUARD")
local counter = 0
local nthreads = 0

function setup(thread)
  nthreads = nthreads + 1
  thread:set("thread_no", nthreads)
end

function init(args)
  -- thread_no is a global set by setup(); each thread gets its own prefix per run.
  math.randomseed(os.time() * 1000 + thread_no)
  prefix = string.format("b%d-%d-%d-", thread_no, os.time(), math.random(1, 1000000000))
end

function request()
  counter = counter + 1
  local body = "email=" .. prefix .. counter .. "%40bench.example.org&name=Bench+User&guard=" .. guard
  return wrk.format("POST", "/subscribe", { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end

function response(status, headers, body)
  if status ~= 200 then
    bad = (bad or 0) + 1
    if bad < 5 then io.stderr:write("unexpected status " .. status .. "\n") end
  end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
