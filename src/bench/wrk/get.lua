-- A GET of the URL given to wrk, with the API's headers. Arguments: <api key>
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")

function init(args)
  wrk.headers["x-api-key"] = args[1]
  wrk.headers["anthropic-beta"] = "managed-agents-2026-04-01"
end
