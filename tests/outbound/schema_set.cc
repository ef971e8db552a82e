#include "schema_set.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <map>

namespace seteli::outbound::testing {
namespace {

// The absolute URLs in msg-header-2_0.xsd, answered from local files so
// that nothing is fetched.
const std::map<std::string, std::string>& LocalCopies() {
  static const std::map<std::string, std::string> m = {
      {"http://www.oasis-open.org/committees/ebxml-msg/schema/envelope.xsd", EnvelopeXsd()},
      {"http://www.w3.org/TR/xmldsig-core/xmldsig-core-schema.xsd",
       ProjectPath("peppol/xsd/common/UBL-xmldsig-core-schema-2.1.xsd")},
      {"http://www.oasis-open.org/committees/ebxml-msg/schema/xlink.xsd",
       std::string(SETELI_OUTBOUND_TEST_DATA) + "/xlink-standin.xsd"},
      {"http://www.w3.org/2001/03/xml.xsd", std::string(SETELI_OUTBOUND_TEST_DATA) + "/xml-standin.xsd"},
  };
  return m;
}

// Local files are opened directly: the engine's hardened reader (linked
// into this binary for the validate round trip) installs a loader that
// refuses every external resource, so the default one cannot be relied on.
xmlParserInputPtr LocalLoader(const char* url, const char* /*id*/, xmlParserCtxtPtr ctxt) {
  if (!url) return nullptr;
  auto it = LocalCopies().find(url);
  if (it != LocalCopies().end()) return xmlNewInputFromFile(ctxt, it->second.c_str());
  if (std::strncmp(url, "http", 4) == 0) return nullptr;  // never the network
  return xmlNewInputFromFile(ctxt, url);
}

void InstallLoader() { xmlSetExternalEntityLoader(LocalLoader); }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}


void Collect(void* ctx, const xmlError* error) {
  auto* out = static_cast<std::vector<std::string>*>(ctx);
  std::string msg = error->message ? error->message : "?";
  while (!msg.empty() && msg.back() == '\n') msg.pop_back();
  out->push_back("line " + std::to_string(error->line) + ": " + msg);
}

// libxml2 2.12 made the error argument const; accept both.
void CollectCompat(void* ctx, xmlErrorPtr error) { Collect(ctx, error); }

}  // namespace

std::string ProjectPath(std::string_view relative) { return std::string(SETELI_SOURCE_DIR) + "/" + std::string(relative); }
std::string FinvoiceXsd() { return ProjectPath("finvoice/schema/Finvoice3.0.xsd"); }
std::string AckXsd() { return ProjectPath("finvoice/schema/Finvoiceack.xsd"); }
std::string EnvelopeXsd() { return ProjectPath("finvoice/schema/envelope.xsd"); }
std::string EbHeaderXsd() { return ProjectPath("finvoice/schema/msg-header-2_0.xsd"); }
std::string UblResponseXsd() { return ProjectPath("peppol/xsd/maindoc/UBL-ApplicationResponse-2.1.xsd"); }

SchemaSet SchemaSet::Load(const std::string& xsd_path) {
  InstallLoader();
  SchemaSet s;
  xmlSchemaParserCtxtPtr pctx = xmlSchemaNewParserCtxt(xsd_path.c_str());
  if (!pctx) return s;
  xmlSchema* schema = xmlSchemaParse(pctx);
  xmlSchemaFreeParserCtxt(pctx);
  if (schema) s.schema_ = std::shared_ptr<xmlSchema>(schema, xmlSchemaFree);
  return s;
}

// ebXML's eb:Acknowledgment lists ds:Reference and then xsd:any
// ##other, which XSD 1.0's unique particle attribution forbids, and
// libxml2 refuses the whole schema for it. The shipped file stays
// unmodified; this reads it and drops that one particle in memory. The
// any ##other that follows still admits ds:Reference, and Finvoice frames
// never carry eb:Acknowledgment.
SchemaSet SchemaSet::LoadEbHeader() {
  InstallLoader();
  SchemaSet s;
  std::string text = ReadFile(EbHeaderXsd());
  const std::string particle = "<element ref=\"ds:Reference\" minOccurs=\"0\" maxOccurs=\"unbounded\"/>";
  size_t at = text.find(particle);
  if (at == std::string::npos) return s;
  text.erase(at, particle.size());
  xmlSchemaParserCtxtPtr pctx = xmlSchemaNewMemParserCtxt(text.data(), static_cast<int>(text.size()));
  if (!pctx) return s;
  xmlSchema* schema = xmlSchemaParse(pctx);
  xmlSchemaFreeParserCtxt(pctx);
  if (schema) s.schema_ = std::shared_ptr<xmlSchema>(schema, xmlSchemaFree);
  return s;
}

std::vector<std::string> SchemaSet::ValidateDoc(xmlDoc* doc) const {
  std::vector<std::string> errors;
  if (!schema_) return {"schema not loaded"};
  xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(schema_.get());
  xmlSchemaSetValidStructuredErrors(v, reinterpret_cast<xmlStructuredErrorFunc>(&CollectCompat), &errors);
  int rc = xmlSchemaValidateDoc(v, doc);
  xmlSchemaFreeValidCtxt(v);
  if (rc != 0 && errors.empty()) errors.push_back("validation failed, rc " + std::to_string(rc));
  return errors;
}

std::vector<std::string> SchemaSet::Validate(std::string_view xml) const {
  DocPtr doc = Parse(xml);
  if (!doc) return {"not well formed"};
  return ValidateDoc(doc.get());
}

DocPtr Parse(std::string_view xml) {
  xmlDoc* d = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "mem.xml", nullptr, XML_PARSE_NONET);
  return DocPtr(d, xmlFreeDoc);
}

std::vector<std::string> XPathTexts(xmlDoc* doc, const char* xpath) {
  std::vector<std::string> out;
  xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
  const char* ns[][2] = {
      {"soap", "http://schemas.xmlsoap.org/soap/envelope/"},
      {"eb", "http://www.oasis-open.org/committees/ebxml-msg/schema/msg-header-2_0.xsd"},
      {"xlink", "http://www.w3.org/1999/xlink"},
      {"ack", "http://www.pankkiyhdistys.fi/verkkolasku/finvoice/finvoiceack.xsd"},
      {"ar", "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2"},
      {"cac", "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"},
      {"cbc", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"},
  };
  for (auto& p : ns) xmlXPathRegisterNs(ctx, BAD_CAST p[0], BAD_CAST p[1]);
  xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST xpath, ctx);
  if (r && r->nodesetval) {
    for (int i = 0; i < r->nodesetval->nodeNr; ++i) {
      xmlChar* c = xmlNodeGetContent(r->nodesetval->nodeTab[i]);
      out.emplace_back(c ? reinterpret_cast<const char*>(c) : "");
      xmlFree(c);
    }
  }
  xmlXPathFreeObject(r);
  xmlXPathFreeContext(ctx);
  return out;
}

std::pair<std::string, std::string> SplitFramed(std::string_view file) {
  constexpr std::string_view kEnd = "</SOAP-ENV:Envelope>";
  size_t at = file.find(kEnd);
  if (at == std::string_view::npos) return {"", std::string(file)};
  at += kEnd.size();
  size_t msg = file.find('<', at);
  return {std::string(file.substr(0, at)), msg == std::string_view::npos ? "" : std::string(file.substr(msg))};
}

}  // namespace seteli::outbound::testing
