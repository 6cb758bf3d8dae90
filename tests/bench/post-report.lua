-- wrk script: every request posts one report, as a phone would.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"village":"kuiduo","category":"water-power","description":"自来水管漏水，水压很小，做饭都不够用。 benchmark","reporter_name":"压测","urgent":false}'

local created = 0
local others = 0

response = function(status, headers, body)
  if status == 201 then created = created + 1 else others = others + 1 end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d elapsed=%.3f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f "
                         .. "connect=%d read=%d write=%d status=%d timeout=%d\n",
                         summary.requests, summary.duration / 1e6,
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000,
                         latency.max / 1000,
                         e.connect, e.read, e.write, e.status, e.timeout))
end
