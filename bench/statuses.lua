-- What the wrk scripts share: each thread counts its answers by kind, and done() prints the
-- totals of every thread as one line, "<name>_statuses {json}", for bench/report.py.
-- The counts are globals because wrk reads a thread's figures with thread:get(name).
--
--   package.path = "bench/?.lua;" .. package.path
--   local statuses = require("statuses")
--   setup = statuses.setup

local statuses = { threads = {} }
local KINDS = { "ok", "refused", "unmarked", "client_errors", "server_errors", "other" }

-- wrk's setup(thread): each thread gets its number as the global `tid`.
function statuses.setup(thread)
  table.insert(statuses.threads, thread)
  thread:set("tid", #statuses.threads)
end

function statuses.reset()
  for _, kind in ipairs(KINDS) do
    _G[kind] = 0
  end
end

-- 200 is ok; 409 is the app refusing a change (a vote over budget), not an error.
function statuses.count(status)
  local kind = "other"
  if status == 200 then
    kind = "ok"
  elseif status == 409 then
    kind = "refused"
  elseif status >= 500 then
    kind = "server_errors"
  elseif status >= 400 then
    kind = "client_errors"
  end
  _G[kind] = _G[kind] + 1
end

function statuses.report(name)
  local parts = {}
  for _, kind in ipairs(KINDS) do
    local total = 0
    for _, thread in ipairs(statuses.threads) do
      total = total + thread:get(kind)
    end
    parts[#parts + 1] = string.format('"%s": %d', kind, total)
  end
  io.write(name .. "_statuses {" .. table.concat(parts, ", ") .. "}\n")
end

return statuses
