-- Shared by every wrk script: the API's headers, each thread's own line of a file, and one JSON line of figures
-- when the run is done.

function api_headers(key)
  wrk.headers["x-api-key"] = key
  wrk.headers["anthropic-beta"] = "managed-agents-2026-04-01"
  wrk.headers["content-type"] = "application/json"
end

-- Threads are numbered from 0 as wrk sets them up; with one connection per thread, a thread is a client.
local threads = 0
function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

function own_line(file)
  local lines = {}
  for line in io.lines(file) do lines[#lines + 1] = line end
  return lines[index + 1]
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"socket_errors":%d,"non_2xx":%d,"p50_us":%d,"p99_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, errors.connect + errors.read + errors.write + errors.timeout,
    errors.status, latency:percentile(50), latency:percentile(99), latency.mean))
end
