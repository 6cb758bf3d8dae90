-- wrk script for the leak run: reports, status reads, pages and bad input, mixed.
local bodies = {
  '{"village":"kuiduo","category":"roads","description":"漏检测试：村道塌方","urgent":true}',
  '{"village":"nowhere","category":"roads","description":"x"}',
  '{"village":',
  '{"village":"kuiduo","category":"roads","description":"\255\254"}',
}
local paths = { "/", "/healthz", "/api/v1/villages", "/api/v1/categories",
                "/api/v1/reports/ABCDE-12345", "/r/ABCDE-12345", "/static/kuiduo.css", "/nothing" }
local n = 0

request = function()
  n = n + 1
  if n % 3 == 0 then
    return wrk.format("GET", paths[(n % #paths) + 1])
  end
  return wrk.format("POST", "/api/v1/reports", { ["Content-Type"] = "application/json" },
                    bodies[(n % #bodies) + 1])
end
