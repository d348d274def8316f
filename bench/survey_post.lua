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

package.path = "bench/?.lua;" .. package.path
local statuses = require("statuses")
setup = statuses.setup -- numbers the threads: `tid` 1, 2, …

function init(args)
  bodies = {}
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = line
  end
  secret = args[3]
  prefix = tonumber(args[5] or "1")
  acked_file = io.open(string.format("%s/acked-%d.txt", args[4], tid), "w")
  acked_file:setvbuf("line")
  sent = 0
  statuses.reset()
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
  statuses.count(status)
  if status == 200 then
    local id = body:match("#(" .. prefix .. "%d%d%d%d%d%d%d%d%d)")
    if id then
      acked_file:write(id, "\n")
    else
      unmarked = unmarked + 1
    end
  end
end

function done(summary, latency, requests)
  statuses.report("survey_post")
end
