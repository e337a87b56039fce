-- wrk script of ops/bench/pages: POSTs replies to the URL (/d/{id}/reply) with the session cookie given by -H
-- and the CSRF token given after "--", a different text each time; counts the 303s (a reply written) apart
-- from every other status, and prints the figures as one JSON line.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  token = args[1]
  sent, written, refused = 0, 0, 0
end

function request()
  sent = sent + 1
  local body = "_csrf=" .. token .. "&body=Benchmark+reply+" .. id .. "-" .. sent ..
    "%3A+we+tried+the+*intake+checklist*+again+and+it+worked."
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status == 303 then written = written + 1 else refused = refused + 1 end
end

function done(summary, latency, requests)
  local written, refused = 0, 0
  for _, thread in ipairs(threads) do
    written = written + thread:get("written")
    refused = refused + thread:get("refused")
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "bad_status": %d, "socket_errors": %d, "written": %d, "refused": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout, written, refused))
end
