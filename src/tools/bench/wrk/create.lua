-- Memory create, 1 KB of content, one new path per request. One connection per thread; each thread writes into
-- its own store. Arguments: <api key> <file with one store id per line> <run tag>
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

local body_prefix, body_suffix, counter
function init(args)
  api_headers(args[1])
  wrk.method = "POST"
  wrk.path = "/v1/memory_stores/" .. own_line(args[2]) .. "/memories"
  body_prefix = '{"path":"/b1/' .. args[3] .. '/' .. index .. '/'
  body_suffix = '.md","content":"' .. string.rep("m", 1024) .. '"}'
  counter = 0
end

function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil, body_prefix .. counter .. body_suffix)
end
