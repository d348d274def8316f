-- wrk script: survey answers, POSTed as a browser would (CSRF cookie + form field, no device
-- cookie, so every POST is a new respondent and a new answer row).
--
--   wrk -s bench/survey_post.lua URL -- BODIES CSRF_COOKIE SECRET OUT_DIR [PREFIX]
--
-- BODIES holds one URL-encoded answer text a line (bench/survey_load.py bodies). Each request
-- appends a unique number "#PTTNNNNNNN" (PREFIX digit, default 1; thread; request) to its
-- text. The thank-you page (200) shows the stored text; its number is written to
-- OUT_DIR/acked-T.txt, so that bench/survey_load.py check can compare what was acknowledged
-- with what was stored. A warm-up run uses another PREFIX, so the check leaves it out.
-- done() prints the status counts as one line: "survey_post_statuses {json}".

local threads = {}
local counter = 1

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  bodies = {}
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = line
  end
  secret = args[3]
  prefix = tonumber(args[5] or "1")
  acked_file = io.open(string.format("%s/acked-%d.txt", args[4], tid), "w")
  acked_file:setvbuf("line")
  sent, ok, unmarked, client_errors, server_errors, other = 0, 0, 0, 0, 0, 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = args[2] .. "=" .. secret
  first = (tid * 7919) % #bodies
end

function request()
  sent = sent + 1
  local id = prefix * 1000000000 + tid * 10000000 + sent
  local text = bodies[(first + sent) % #bodies + 1]
  return wrk.format(nil, nil, nil, "csrfmiddlewaretoken=" .. secret .. "&text=" .. text .. "+%23" .. id)
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
    local id = body:match("#(" .. prefix .. "%d%d%d%d%d%d%d%d%d)")
    if id then
      acked_file:write(id, "\n")
    else
      unmarked = unmarked + 1
    end
  elseif status >= 500 then
    server_errors = server_errors + 1
  elseif status >= 400 then
    client_errors = client_errors + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local totals = { ok = 0, unmarked = 0, client_errors = 0, server_errors = 0, other = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  io.write(string.format(
    'survey_post_statuses {"ok": %d, "unmarked": %d, "client_errors": %d, "server_errors": %d, "other": %d}\n',
    totals.ok, totals.unmarked, totals.client_errors, totals.server_errors, totals.other))
end
