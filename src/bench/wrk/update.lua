-- Memory update with a content_sha256 precondition, 1 KB of new content each time. One connection per thread; each
-- thread updates its own memory and chains the sha256 from each answer into the next precondition.
-- Arguments: <api key> <file with "store_id memory_id content_sha256" per line>
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")

local threads = 0
function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

local sha, counter
function init(args)
  local lines = {}
  for line in io.lines(args[2]) do lines[#lines + 1] = line end
  local store, memory, current = lines[index + 1]:match("(%S+) (%S+) (%S+)")
  sha = current
  wrk.method = "POST"
  wrk.path = "/v1/memory_stores/" .. store .. "/memories/" .. memory
  wrk.headers["x-api-key"] = args[1]
  wrk.headers["anthropic-beta"] = "managed-agents-2026-04-01"
  wrk.headers["content-type"] = "application/json"
  counter = 0
end

function request()
  counter = counter + 1
  local content = string.format("%08d", counter) .. string.rep("u", 1016)
  return wrk.format(nil, nil, nil, '{"content":"' .. content
    .. '","precondition":{"type":"content_sha256","content_sha256":"' .. sha .. '"}}')
end

function response(status, headers, body)
  if status == 200 then
    sha = body:match('"content_sha256":"(%x+)"')
  end
end
