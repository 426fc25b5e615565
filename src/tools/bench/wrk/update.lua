-- Memory update with a content_sha256 precondition, 1 KB of new content each time. One connection per thread; each
-- thread updates its own memory and chains the sha256 from each answer into the next precondition.
-- Arguments: <api key> <file with "store_id memory_id content_sha256" per line>
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

local sha, counter
function init(args)
  local store, memory, current = own_line(args[2]):match("(%S+) (%S+) (%S+)")
  sha = current
  api_headers(args[1])
  wrk.method = "POST"
  wrk.path = "/v1/memory_stores/" .. store .. "/memories/" .. memory
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
