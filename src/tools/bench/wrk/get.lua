-- A GET of the URL given to wrk, with the API's headers. Arguments: <api key>
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

function init(args)
  api_headers(args[1])
end
