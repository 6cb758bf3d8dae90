/* test-open311.c: the routes of Open311 GeoReport v2 under /open311/v2/, in
 * JSON and XML, with a real SoupSession against a real server, checked
 * against the spec's own examples (https://wiki.open311.org/GeoReport_v2). */
#include "config.h"

#include "open311-test-util.h"
#include "test-open311-spec.h"

static void
test_discovery (Fixture *f, gconstpointer data)
{
  g_auto(Reply) j = get (f, "discovery.json");
  g_auto(Reply) x = get (f, "discovery.xml");
  g_autoptr(JsonNode) node = json_of (&j);
  g_auto(Xml) xml = xml_of (&x);
  JsonObject *endpoint;
  JsonArray *formats;
  g_autoptr(GPtrArray) xml_formats = xml_values (&xml, "format");

  g_assert_cmpuint (j.status, ==, 200);
  assert_json_like_spec (node, spec_discovery);
  endpoint = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (node), "endpoints"), 0);
  g_assert_cmpstr (json_object_get_string_member (endpoint, "specification"), ==, "http://wiki.open311.org/GeoReport_v2");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (endpoint, "url"), "/open311/v2"));
  formats = json_object_get_array_member (endpoint, "formats");
  g_assert_cmpuint (json_array_get_length (formats), ==, 2);
  g_assert_true (json_object_has_member (json_node_get_object (node), "key_service"));

  g_assert_cmpuint (x.status, ==, 200);
  assert_xml_like_spec (&xml, spec_discovery);
  g_assert_cmpuint (xml_formats->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (xml_formats, 0), ==, "text/xml");
  g_assert_cmpstr (xml_value (&xml, "type"), ==, "production");
}

static const char * const spec_service_members[] = {
  "service_code", "service_name", "description", "metadata", "type", "keywords", "group",
};

/* Services are the public categories, grouped by kind; never integrity ones. */
static void
test_services (Fixture *f, gconstpointer data)
{
  g_auto(Reply) j = get (f, "services.json");
  g_auto(Reply) x = get (f, "services.xml");
  g_autoptr(JsonNode) node = json_of (&j);
  g_auto(Xml) xml = xml_of (&x);
  g_autoptr(GPtrArray) codes = xml_values (&xml, "service_code");
  g_autoptr(GPtrArray) groups = xml_values (&xml, "group");
  JsonArray *list = json_node_get_array (node);
  gint64 public = count_rows (f, "SELECT count(*) FROM categories WHERE kinds & 15 != 0");

  g_assert_cmpuint (j.status, ==, 200);
  assert_json_like_spec (node, spec_services);
  g_assert_cmpint (public, >, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM categories WHERE kinds & 16 != 0"), >, 0);
  g_assert_cmpuint (json_array_get_length (list), ==, public);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *s = json_array_get_object_element (list, i);
      const char *group = json_object_get_string_member (s, "group");
      gboolean known = FALSE;

      for (guint m = 0; m < G_N_ELEMENTS (spec_service_members); m++)
        g_assert_true (json_object_has_member (s, spec_service_members[m]));
      g_assert_false (g_str_has_prefix (json_object_get_string_member (s, "service_code"), "integrity"));
      g_assert_cmpstr (json_object_get_string_member (s, "type"), ==, "realtime");
      for (KdCaseKind k = KD_CASE_KIND_LIVELIHOOD; k <= KD_CASE_KIND_SERVICE; k++)
        known |= g_str_equal (group, kd_case_kind_label (k));
      g_assert_true (known);
      g_assert_cmpstr (g_ptr_array_index (codes, i), ==, json_object_get_string_member (s, "service_code"));
      g_assert_cmpstr (g_ptr_array_index (groups, i), ==, group);
    }
  g_assert_null (strstr (j.body, "干部作风"));
  g_assert_null (strstr (x.body, "integrity"));

  g_assert_cmpuint (x.status, ==, 200);
  assert_xml_like_spec (&xml, spec_services);
  g_assert_cmpuint (codes->len, ==, public);
}

static void
test_service_definition (Fixture *f, gconstpointer data)
{
  g_auto(Reply) j = get (f, "services/roads.json");
  g_auto(Reply) x = get (f, "services/roads.xml");
  g_autoptr(JsonNode) node = json_of (&j);
  g_auto(Xml) xml = xml_of (&x);
  g_autoptr(GPtrArray) keys = xml_values (&xml, "key");
  JsonObject *attr;
  const char *missing[] = { "services/dragons.json", "services/dragons.xml",
                            "services/integrity-conduct.json", "services/integrity-funds.xml" };

  g_assert_cmpuint (j.status, ==, 200);
  assert_json_like_spec (node, spec_service_definition);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "service_code"), ==, "roads");
  attr = json_array_get_object_element (json_object_get_array_member (json_node_get_object (node), "attributes"), 0);
  g_assert_cmpstr (json_object_get_string_member (attr, "code"), ==, "village");
  g_assert_cmpstr (json_object_get_string_member (attr, "datatype"), ==, "singlevaluelist");
  g_assert_false (json_object_get_boolean_member (attr, "required"));
  g_assert_cmpstr (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (attr, "values"), 0), "key"), ==, "kuiduo");

  g_assert_cmpuint (x.status, ==, 200);
  assert_xml_like_spec (&xml, spec_service_definition);
  g_assert_cmpstr (xml_value (&xml, "service_code"), ==, "roads");
  g_assert_cmpstr (g_ptr_array_index (keys, 0), ==, "kuiduo");

  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    {
      g_auto(Reply) r = get (f, missing[i]);
      assert_error (&r, 404, g_str_has_suffix (missing[i], ".xml"));
    }
}

static char *
spec_request_with_key (const char *key)
{
  g_autoptr(GString) s = g_string_new (spec_post_request);

  g_string_replace (s, "api_key=xyz", "", 1);
  g_string_prepend (s, key);
  g_string_prepend (s, "api_key=");
  return g_strdup (s->str);
}

static gint64
created_id_xml (Reply *r)
{
  g_auto(Xml) x = { 0 };
  gint64 id;

  g_test_message ("%u: %s", r->status, r->body);
  g_assert_cmpuint (r->status, ==, 200);
  x = xml_of (r);
  assert_xml_like_spec (&x, spec_post_response);
  g_assert_cmpstr (xml_value (&x, "account_id"), ==, "");
  g_assert_true (kd_open311_parse_id (xml_value (&x, "service_request_id"), &id));
  return id;
}

/* The spec's example request, as it is, then read back in both formats. */
static void
test_spec_round_trip (Fixture *f, gconstpointer data)
{
  g_autofree char *body = NULL;
  g_autoptr(KdCase) kase = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *path = NULL;
  g_autofree char *xpath = NULL;
  g_autofree char *code = NULL;
  JsonObject *req;
  gint64 id;

  exec_sql (f, "INSERT INTO categories (code, name, position, kinds)"
               " VALUES ('001', 'Cans left out 24x7', 50, 1)");
  body = spec_request_with_key (f->key);
  {
    g_auto(Reply) r = post (f, "requests.xml", body);
    id = created_id_xml (&r);
  }

  kase = kd_case_load (kd_store_get_reader (f->store), id, NULL);
  g_assert_nonnull (kase);
  g_assert_cmpstr (kd_case_get_reporter_name (kase), ==, "john smith");
  g_assert_cmpstr (kd_case_get_reporter_phone (kase), ==, "111111111");
  g_assert_cmpstr (kd_case_get_location (kase), ==, "1234 5th street (37.76524078, -122.4212043)");
  g_assert_cmpstr (kd_case_get_channel (kase), ==, "open311");
  g_assert_cmpstr (kd_case_get_village_name (kase), ==, "魁多村");

  path = g_strdup_printf ("requests/%" G_GINT64_FORMAT ".json", id);
  {
    g_auto(Reply) r = get (f, path);
    node = json_of (&r);
    g_assert_cmpuint (r.status, ==, 200);
    g_assert_null (strstr (r.body, "smith"));
    g_assert_null (strstr (r.body, "111111111"));
    g_assert_null (strstr (r.body, kd_case_get_tracking_code (kase)));
  }
  assert_json_like_spec (node, spec_requests);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
  req = json_array_get_object_element (json_node_get_array (node), 0);
  g_assert_cmpint (json_object_get_int_member (req, "service_request_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (req, "status"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (req, "service_code"), ==, "001");
  g_assert_cmpstr (json_object_get_string_member (req, "service_name"), ==, "Cans left out 24x7");
  g_assert_cmpstr (json_object_get_string_member (req, "description"), ==, "A large sinkhole is destroying the street");
  g_assert_cmpstr (json_object_get_string_member (req, "address"), ==, "1234 5th street");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (req, "lat"), 37.76524078, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (req, "long"), -122.4212043, 1e-9);
  {
    gint64 at;
    g_assert_true (kd_open311_parse_datetime (json_object_get_string_member (req, "requested_datetime"), &at));
    g_assert_cmpint (at, ==, kd_case_get_created_at (kase));
  }

  xpath = g_strdup_printf ("requests/%" G_GINT64_FORMAT ".xml", id);
  {
    g_auto(Reply) r = get (f, xpath);
    g_auto(Xml) x = xml_of (&r);
    g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

    assert_xml_like_spec (&x, spec_requests);
    g_assert_cmpstr (xml_value (&x, "service_request_id"), ==, id_text);
    g_assert_cmpstr (xml_value (&x, "address"), ==, "1234 5th street");
    g_assert_cmpfloat_with_epsilon (g_ascii_strtod (xml_value (&x, "lat"), NULL), 37.76524078, 1e-9);
    g_assert_cmpstr (xml_value (&x, "status"), ==, "open");
  }

  /* The same in JSON; the notice carries the tracking code, to this client only. */
  {
    g_auto(Reply) r = post (f, "requests.json", body);
    g_autoptr(JsonNode) created = json_of (&r);
    JsonObject *obj = json_array_get_object_element (json_node_get_array (created), 0);
    g_autoptr(KdCase) second = NULL;

    g_assert_cmpuint (r.status, ==, 200);
    assert_json_like_spec (created, spec_post_response);
    g_assert_cmpint (json_object_get_int_member (obj, "service_request_id"), ==, id + 1);
    g_assert_true (json_node_is_null (json_object_get_member (obj, "account_id")));
    second = kd_case_load (kd_store_get_reader (f->store), id + 1, NULL);
    code = kd_case_dup_display_code (second);
    g_assert_nonnull (strstr (json_object_get_string_member (obj, "service_notice"), code));
  }
  g_assert_cmpint (count_cases (f), ==, 2);
}

static gint64
revoked_key_and (Fixture *f, char **key)
{
  gint64 id;

  *key = issue_key (f, "Old client", &id);
  revoke_key (f, id);
  return id;
}

/* Missing, wrong, malformed or revoked key: 403, and nothing written. */
static void
test_key_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *revoked = NULL;
  const char *form = "service_code=roads&description=pothole&address_string=here";
  const char *keys[] = { NULL, "", "xyz", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", NULL };
  gint64 audit;

  revoked_key_and (f, &revoked);
  keys[4] = revoked;
  audit = count_rows (f, "SELECT count(*) FROM audit_log");

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    for (guint xml = 0; xml < 2; xml++)
      {
        g_autofree char *body = keys[i] ? g_strdup_printf ("api_key=%s&%s", keys[i], form) : g_strdup (form);
        g_auto(Reply) r = post (f, xml ? "requests.xml" : "requests.json", body);
        assert_error (&r, 403, xml);
      }

  g_assert_cmpint (count_cases (f), ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM case_events"), ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit_log"), ==, audit);
}

typedef struct
{
  const char *name;
  const char *form;     /* after api_key=… */
  guint       status;
} Bad;

static void
test_bad_requests (Fixture *f, gconstpointer data)
{
  static const Bad bad[] = {
    { "no service_code", "description=x&address_string=here", 400 },
    { "unknown service_code", "service_code=dragons&description=x&address_string=here", 404 },
    { "integrity service_code", "service_code=integrity-conduct&description=x&address_string=here", 404 },
    { "no location", "service_code=roads&description=x", 400 },
    { "empty location", "service_code=roads&description=x&address_string=&lat=&long=", 400 },
    { "lat without long", "service_code=roads&description=x&lat=30", 400 },
    { "lat not a number", "service_code=roads&description=x&lat=north&long=100", 400 },
    { "lat out of range", "service_code=roads&description=x&lat=91&long=100", 400 },
    { "long as infinity", "service_code=roads&description=x&lat=1&long=inf", 400 },
    { "no description", "service_code=roads&address_string=here", 400 },
    { "unknown village", "service_code=roads&description=x&address_string=here&attribute[village]=atlantis", 400 },
    { "bad phone", "service_code=roads&description=x&address_string=here&phone=call+me", 400 },
    { "control characters", "service_code=roads&description=a%01b&address_string=here", 400 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *body = g_strdup_printf ("api_key=%s&%s", f->key, bad[i].form);
      g_auto(Reply) r = post (f, i % 2 ? "requests.xml" : "requests.json", body);

      g_test_message ("%s", bad[i].name);
      assert_error (&r, bad[i].status, i % 2);
    }

  {
    g_autofree char *body = g_strdup_printf ("api_key=%s&service_code=roads&description=x&address_string=y", f->key);
    g_auto(Reply) r = request (f, "POST", "requests.json", "text/plain", body);
    assert_error (&r, 400, FALSE);
  }
  g_assert_cmpint (count_cases (f), ==, 0);

  /* A chosen village, and the kind of the service's group. */
  exec_sql (f, "INSERT INTO villages (code, name, position) VALUES ('heba', '河坝村', 1)");
  {
    g_autofree char *body = g_strdup_printf ("api_key=%s&service_code=policy-farming&description=%%E8%%A1%%A5%%E8%%B4%%B4"
                                             "&lat=27.1&long=103.2&attribute[village]=heba", f->key);
    g_auto(Reply) r = post (f, "requests.xml", body);
    gint64 id = created_id_xml (&r);
    g_autoptr(KdCase) kase = kd_case_load (kd_store_get_reader (f->store), id, NULL);
    g_autofree char *kind_sql = g_strdup_printf ("SELECT kind FROM cases WHERE id = %" G_GINT64_FORMAT, id);

    g_assert_cmpstr (kd_case_get_village_name (kase), ==, "河坝村");
    g_assert_cmpstr (kd_case_get_description (kase), ==, "补贴");
    g_assert_cmpstr (kd_case_get_location (kase), ==, "(27.1, 103.2)");
    g_assert_cmpint (count_rows (f, kind_sql), ==, KD_CASE_KIND_POLICY);
  }
}

/* Other methods: 405 with Allow; unknown addresses and formats: 404. */
static void
test_methods (Fixture *f, gconstpointer data)
{
  {
    g_auto(Reply) r = request (f, "PUT", "requests.json", "text/plain", "x");
    assert_error (&r, 405, FALSE);
    g_assert_cmpstr (r.allow, ==, "GET, HEAD, POST");
  }
  {
    g_auto(Reply) r = post (f, "services.xml", "x=1");
    assert_error (&r, 405, TRUE);
    g_assert_cmpstr (r.allow, ==, "GET, HEAD");
  }
  {
    g_auto(Reply) r = get (f, "requests");
    assert_error (&r, 404, TRUE);
  }
  {
    g_auto(Reply) r = get (f, "requests.html");
    assert_error (&r, 404, TRUE);
  }
  {
    g_auto(Reply) r = get (f, "services/roads/extra.json");
    assert_error (&r, 404, FALSE);
  }
  /* No token is ever issued: requests are created at once. */
  {
    g_auto(Reply) r = get (f, "tokens/12345.json");
    assert_error (&r, 404, FALSE);
  }
  {
    g_auto(Reply) r = get (f, "tokens/12345.xml");
    assert_error (&r, 404, TRUE);
  }
  g_assert_cmpint (count_cases (f), ==, 0);
}

/* Writes spend the address's tokens like the phone form's: 429 with
 * Retry-After once they are spent, and nothing is written. */
static void
test_rate_limit (Fixture *f, gconstpointer data)
{
  guint refused_at = 0;

  for (guint i = 0; i < 40 && refused_at == 0; i++)
    {
      g_auto(Reply) r = post (f, "requests.json", "service_code=roads");

      if (r.status == 429)
        {
          refused_at = i;
          assert_error (&r, 429, FALSE);
          g_assert_nonnull (r.retry_after);
        }
      else
        g_assert_cmpuint (r.status, ==, 403);
    }

  g_assert_cmpuint (refused_at, >, 0);
  g_assert_cmpint (count_cases (f), ==, 0);
}

/* The server's cap on bodies holds here too, refused from the headers. */
static void
test_too_large (Fixture *f, gconstpointer data)
{
  g_autofree char *big = g_strnfill (KD_SERVER_MAX_BODY + 1, 'a');
  g_autofree char *body = g_strdup_printf ("api_key=%s&service_code=roads&address_string=x&description=%s",
                                           f->key, big);
  g_auto(Reply) r = post (f, "requests.json", body);

  g_assert_cmpuint (r.status, ==, 413);
  g_assert_cmpint (count_cases (f), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/kd/open311/discovery", test_discovery);
  ADD ("/kd/open311/services", test_services);
  ADD ("/kd/open311/service-definition", test_service_definition);
  ADD ("/kd/open311/post/spec-example-round-trip", test_spec_round_trip);
  ADD ("/kd/open311/post/key-refused", test_key_refused);
  ADD ("/kd/open311/post/bad-requests", test_bad_requests);
  ADD ("/kd/open311/methods", test_methods);
  ADD ("/kd/open311/rate-limit", test_rate_limit);
  ADD ("/kd/open311/too-large", test_too_large);
#undef ADD

  return g_test_run ();
}
