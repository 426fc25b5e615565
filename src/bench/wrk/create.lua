-- Memory create, 1 KB of content, one new path per request. One connection per thread; each thread writes into
-- its own store. Arguments: <api key> <file with one store id per line> <run tag>
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")

local threads = 0
function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

local body_prefix, body_suffix, counter
function init(args)
  local stores = {}
  for line in io.lines(args[2]) do stores[#stores + 1] = line end
  local store = stores[index + 1]
  wrk.method = "POST"
  wrk.path = "/v1/memory_stores/" .. store .. "/memories"
  wrk.headers["x-api-key"] = args[1]
  wrk.headers["anthropic-beta"] = "managed-agents-2026-04-01"
  wrk.headers["content-type"] = "application/json"
  body_prefix = '{"path":"/b1/' .. args[3] .. '/' .. index .. '/'
  body_suffix = '.md","content":"' .. string.rep("m", 1024) .. '"}'
  counter = 0
end

function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil, body_prefix .. counter .. body_suffix)
end
