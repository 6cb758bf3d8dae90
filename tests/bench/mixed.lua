-- wrk script for the leak run: every route the LAN reaches, mixed: reports as
-- JSON, forms and multipart with a photo; status reads and pages; ratings;
-- Open311 reads and refused writes; the village cadres' sign-in; bad input.
local png = "\137PNG\r\n\26\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\8\2\0\0\0\144wS\222\0\0\0\12IDATx\156c\248\207\192\0\0\3\1\1\0\201\254\146\239\0\0\0\0IEND\174B`\130"
local boundary = "kdleak"
local multipart = "--" .. boundary .. "\r\n" ..
  'Content-Disposition: form-data; name="village"\r\n\r\nkuiduo\r\n--' .. boundary .. "\r\n" ..
  'Content-Disposition: form-data; name="category"\r\n\r\nroads\r\n--' .. boundary .. "\r\n" ..
  'Content-Disposition: form-data; name="description"\r\n\r\n漏检测试：带照片\r\n--' .. boundary .. "\r\n" ..
  'Content-Disposition: form-data; name="photo"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n' ..
  png .. "\r\n--" .. boundary .. "--\r\n"

local posts = {
  { "/api/v1/reports", "application/json", '{"village":"kuiduo","category":"roads","description":"漏检测试：村道塌方","urgent":true}' },
  { "/api/v1/reports", "application/json", '{"village":"nowhere","category":"roads","description":"x"}' },
  { "/api/v1/reports", "application/json", '{"village":' },
  { "/api/v1/reports", "application/json", '{"village":"kuiduo","category":"roads","description":"\255\254"}' },
  { "/report", "application/x-www-form-urlencoded", "kind=livelihood&village=kuiduo&category=roads&description=%E6%BC%8F%E6%A3%80" },
  { "/report", "multipart/form-data; boundary=" .. boundary, multipart },
  { "/report", "multipart/form-data; boundary=" .. boundary, "--" .. boundary .. "\r\nbroken" },
  { "/api/v1/reports/ABCDE-12345/rating", "application/json", '{"efficiency":5,"satisfaction":5}' },
  { "/r/ABCDE-12345/rate", "application/x-www-form-urlencoded", "efficiency=5&satisfaction=1" },
  { "/open311/v2/requests.json", "application/x-www-form-urlencoded", "api_key=wrong&service_code=roads&description=x&lat=1&long=2" },
  { "/staff/sign-in", "application/x-www-form-urlencoded", "username=nobody&password=wrong-password" },
}
local paths = { "/", "/healthz", "/api/v1/villages", "/api/v1/categories", "/api/v1/notices",
                "/api/v1/reports/ABCDE-12345", "/r/ABCDE-12345", "/static/kuiduo.css", "/nothing",
                "/guide", "/report", "/open311/v2/discovery.json", "/open311/v2/services.xml",
                "/open311/v2/requests.json", "/open311/v2/requests/1.xml", "/staff/", "/staff/sign-in",
                "/disclosures", "/disclosures?kind=finance&village=kuiduo", "/disclosures/2",
                "/disclosures/1?page=2", "/disclosures/5", "/api/v1/disclosures?village=town",
                "/api/v1/disclosures/2", "/api/v1/disclosures?kind=nope" }
local n = 0

request = function()
  n = n + 1
  if n % 3 == 0 then
    return wrk.format("GET", paths[(n % #paths) + 1])
  end
  local p = posts[(n % #posts) + 1]
  return wrk.format("POST", p[1], { ["Content-Type"] = p[2], ["Origin"] = "http://127.0.0.1" }, p[3])
end
