-- wrk script: dot votes, clicked as the voting screen's buttons send them (htmx POST with the
-- session and CSRF cookies and the x-csrftoken header), by many participants at once.
--
--   wrk -s bench/vote_cast.lua URL -- SESSIONS ENTRIES BUDGET SESSION_COOKIE CSRF_COOKIE SECRET THREADS
--
-- SESSIONS holds one logged-in session key a line (one voter each), ENTRIES one entry id a
-- line. Requests go to the voters in turn; each voter places dots on random values until its
-- BUDGET is spent, then takes one back, and so on, so the load is a steady mix of adds and
-- take-backs. The script's own bookkeeping can run ahead of the server's (two clicks of one
-- voter in flight), and the server then refuses a click (409): counted apart, not an error.
-- done() prints the status counts as one line: "vote_cast_statuses {json}".

package.path = "bench/?.lua;" .. package.path
local statuses = require("statuses")
setup = statuses.setup -- numbers the threads: `tid` 1, 2, …

local function lines(path)
  local found = {}
  for line in io.lines(path) do
    if line ~= "" then found[#found + 1] = line end
  end
  return found
end

function init(args)
  local sessions = lines(args[1])
  entries = lines(args[2])
  budget = tonumber(args[3])
  local session_cookie, csrf_cookie, secret = args[4], args[5], args[6]
  local thread_count = tonumber(args[7] or "1")
  -- Each thread clicks for its own voters, so one voter's bookkeeping lives in one place.
  voters = {}
  for i, key in ipairs(sessions) do
    if (i - 1) % thread_count == tid - 1 then
      voters[#voters + 1] = {
        cookie = session_cookie .. "=" .. key .. "; " .. csrf_cookie .. "=" .. secret,
        dots = {},
      }
    end
  end
  assert(#voters > 0, "fewer voters than wrk threads")
  token = secret
  turn = 0
  math.randomseed(tid * 7919)
  statuses.reset()
end

local function pick(voter)
  if #voter.dots < budget then
    while true do
      local entry = entries[math.random(#entries)]
      local taken = false
      for _, placed in ipairs(voter.dots) do
        if placed == entry then taken = true end
      end
      if not taken then
        voter.dots[#voter.dots + 1] = entry
        return "add=" .. entry
      end
    end
  end
  local entry = table.remove(voter.dots, math.random(#voter.dots))
  return "remove=" .. entry
end

function request()
  turn = turn % #voters + 1
  local voter = voters[turn]
  local body = "csrfmiddlewaretoken=" .. token .. "&" .. pick(voter)
  return wrk.format("POST", nil, {
    ["Host"] = wrk.host .. ":" .. wrk.port,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = voter.cookie,
    ["HX-Request"] = "true",
    ["X-CSRFToken"] = token,
  }, body)
end

function response(status, headers, body)
  statuses.count(status)
end

function done(summary, latency, requests)
  statuses.report("vote_cast")
end
