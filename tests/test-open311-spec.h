/* test-open311-spec.h: the example responses and the example request of the
 * GeoReport v2 spec (https://wiki.open311.org/GeoReport_v2) and of its
 * Service Discovery page, as the spec gives them in XML. The JSON examples are
 * the same documents by the spec's mapping (their numbers with leading zeros,
 * such as "service_code":001, are not valid JSON, so the XML is the reference). */
#pragma once

static const char spec_services[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
  "<services>"
  "<service><service_code>001</service_code><service_name>Cans left out 24x7</service_name>"
  "<description>Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.</description>"
  "<metadata>true</metadata><type>realtime</type><keywords>lorem, ipsum, dolor</keywords><group>sanitation</group></service>"
  "<service><service_code>002</service_code><metadata>true</metadata><type>realtime</type>"
  "<keywords>lorem, ipsum, dolor</keywords><group>street</group><service_name>Construction plate shifted</service_name>"
  "<description>Metal construction plate covering the street or sidewalk has been moved.</description></service>"
  "</services>";

static const char spec_service_definition[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
  "<service_definition><service_code>DMV66</service_code><attributes><attribute>"
  "<variable>true</variable><code>WHISHETN</code><datatype>singlevaluelist</datatype>"
  "<required>true</required><datatype_description></datatype_description><order>1</order>"
  "<description>What is the ticket/tag/DL number?</description><values>"
  "<value><key>123</key><name>Ford</name></value><value><key>124</key><name>Chrysler</name></value>"
  "</values></attribute></attributes></service_definition>";

/* The example request; api_key=xyz is replaced by a key issued here. */
static const char spec_post_request[] =
  "api_key=xyz&jurisdiction_id=city.gov&service_code=001&lat=37.76524078&long=-122.4212043"
  "&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456"
  "&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street"
  "&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg"
  "&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001";

static const char spec_post_response[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
  "<service_requests><request><service_request_id>293944</service_request_id>"
  "<service_notice>The City will inspect and require the responsible party to correct within 24 hours "
  "and/or issue a Correction Notice or Notice of Violation of the Public Works Code</service_notice>"
  "<account_id/></request></service_requests>";

static const char spec_requests[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
  "<service_requests><request><service_request_id>638344</service_request_id><status>closed</status>"
  "<status_notes>Duplicate request.</status_notes><service_name>Sidewalk and Curb Issues</service_name>"
  "<service_code>006</service_code><description></description><agency_responsible></agency_responsible>"
  "<service_notice></service_notice><requested_datetime>2010-04-14T06:37:38-08:00</requested_datetime>"
  "<updated_datetime>2010-04-14T06:37:38-08:00</updated_datetime>"
  "<expected_datetime>2010-04-15T06:37:38-08:00</expected_datetime><address>8TH AVE and JUDAH ST</address>"
  "<address_id>545483</address_id><zipcode>94122</zipcode><lat>37.762221815</lat><long>-122.4651145</long>"
  "<media_url>http://city.gov.s3.amazonaws.com/requests/media/638344.jpg </media_url></request>"
  "</service_requests>";

static const char spec_errors[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
  "<errors><error><code>403</code>"
  "<description>Invalid api_key received -- can't proceed with create_request.</description>"
  "</error></errors>";

static const char spec_discovery[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
  "<discovery><changeset>2011-02-03 14:18</changeset>"
  "<contact>You can email or call for assistance api@mycity.org +1 (555) 555-5555</contact>"
  "<key_service>You can request a key here: http://api.mycity.gov/api_key/request</key_service>"
  "<endpoints><endpoint><specification>http://wiki.open311.org/GeoReport_v2</specification>"
  "<url>http://open311.mycity.gov/v2</url><changeset>2010-11-23 09:01</changeset><type>production</type>"
  "<formats><format>text/xml</format></formats></endpoint></endpoints></discovery>";
