#include "receiving/ubl_schema.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>

#include <memory>
#include <mutex>

#include "finvoice/xml_reader.h"

namespace seteli::receiving {
namespace {

std::string SchemaDir() { return std::string(SETELI_SOURCE_DIR) + "/peppol/xsd/"; }

// While the schema compiles, its xsd:imports are local files under
// peppol/xsd; nothing else is opened, and the network never.
xmlParserInputPtr SchemaFilesOnly(const char* url, const char*, xmlParserCtxtPtr ctxt) {
  if (!url) return nullptr;
  std::string path = url;
  if (path.rfind(SchemaDir(), 0) != 0 || path.find("..") != std::string::npos) return nullptr;
  return xmlNewInputFromFile(ctxt, path.c_str());
}

struct CompiledSchema {
  xmlSchemaPtr schema = nullptr;
  std::string problem;
};

const CompiledSchema& Schema() {
  static const CompiledSchema compiled = [] {
    // The hardened reader's refusing loader is installed first, then set
    // aside only for this compilation and put back.
    finvoice::InitXmlReader();
    CompiledSchema c;
    xmlExternalEntityLoader previous = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(SchemaFilesOnly);
    std::string main = SchemaDir() + "maindoc/UBL-ApplicationResponse-2.1.xsd";
    xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewParserCtxt(main.c_str());
    if (pctxt) {
      c.schema = xmlSchemaParse(pctxt);
      xmlSchemaFreeParserCtxt(pctxt);
    }
    xmlSetExternalEntityLoader(previous);
    if (!c.schema) c.problem = "the UBL schema " + main + " could not be loaded";
    return c;
  }();
  return compiled;
}

void KeepFirst(void* ctx, const xmlError* error) {
  auto* out = static_cast<std::string*>(ctx);
  if (!out->empty() || !error || !error->message) return;
  *out = "line " + std::to_string(error->line) + ": " + error->message;
  while (!out->empty() && out->back() == '\n') out->pop_back();
}

// libxml2 2.12 made the error argument const; accept both.
void KeepFirstCompat(void* ctx, xmlErrorPtr error) { KeepFirst(ctx, error); }

}  // namespace

std::optional<std::string> InvoiceResponseSchemaProblem(const std::string& xml) {
  static std::mutex mu;  // one validation context at a time over the shared schema
  std::lock_guard<std::mutex> lock(mu);
  const CompiledSchema& s = Schema();
  if (!s.schema) return s.problem;
  finvoice::ParsedXml parsed = finvoice::ParseXml(xml, 1);
  if (parsed.error) return "not well formed: " + parsed.error->message_en;
  std::string problem;
  xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt(s.schema);
  xmlSchemaSetValidStructuredErrors(vctxt, KeepFirstCompat, &problem);
  int rc = xmlSchemaValidateDoc(vctxt, parsed.doc.get());
  xmlSchemaFreeValidCtxt(vctxt);
  if (rc == 0) return std::nullopt;
  return problem.empty() ? "not valid against the UBL ApplicationResponse schema" : problem;
}

}  // namespace seteli::receiving
