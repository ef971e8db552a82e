#include "finvoice/schema_check.h"

#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <stdexcept>

#include "finvoice/xml_reader.h"

namespace seteli::finvoice {
namespace internal {
extern const unsigned char kFinvoice30Xsd[];
extern const std::size_t kFinvoice30XsdSize;
}  // namespace internal

namespace {

void IgnoreSchemaParseError(void*, xmlErrorPtr) {}

struct ValidationState {
  int first_line = 1;
  std::vector<InvoiceError> errors;
};

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

// "Element 'Finvoice', attribute 'Version': ..." -> "Version".
std::string AttributeInMessage(const std::string& message) {
  static const std::string kMarker = "attribute '";
  size_t at = message.find(kMarker);
  if (at == std::string::npos) return "";
  size_t from = at + kMarker.size();
  size_t to = message.find('\'', from);
  return to == std::string::npos ? "" : message.substr(from, to - from);
}

void OnValidityError(void* user, xmlErrorPtr err) {
  auto* st = static_cast<ValidationState*>(user);
  if (!err || err->level < XML_ERR_ERROR || st->errors.size() >= kMaxSchemaErrors) return;
  const auto* node = static_cast<const xmlNode*>(err->node);
  int line =
      node ? FileLine(node, st->first_line) : (err->line > 0 ? st->first_line + err->line - 1 : 0);
  st->errors.push_back(SchemaFinding(err->message ? err->message : "invalid",
                                     node ? ElementPath(node) : "/Finvoice", line));
}

}  // namespace

InvoiceError SchemaFinding(const std::string& libxml_message, std::string path, int line) {
  std::string message = Trim(libxml_message);
  std::string attribute = AttributeInMessage(message);
  if (!attribute.empty()) path += "/@" + attribute;
  std::string fi = "Ei Finvoice 3.0 -skeeman mukainen kohdassa " + path + ": " + message;
  std::string en = "Not valid against the Finvoice 3.0 schema at " + path + ": " + message;
  return MakeError(Layer::kSchema, "schema_invalid", std::move(path), line, std::move(fi),
                   std::move(en));
}

InvoiceError SchemaInvalidWithoutDetail(std::string path, int line) {
  return MakeError(Layer::kSchema, "schema_invalid", std::move(path), line,
                   "Ei Finvoice 3.0 -skeeman mukainen.",
                   "Not valid against the Finvoice 3.0 schema.");
}

xmlSchemaPtr Finvoice30Schema() {
  static xmlSchemaPtr schema = [] {
    InitXmlReader();
    xmlSchemaParserCtxtPtr pctxt =
        xmlSchemaNewMemParserCtxt(reinterpret_cast<const char*>(internal::kFinvoice30Xsd),
                                  static_cast<int>(internal::kFinvoice30XsdSize));
    if (!pctxt) throw std::runtime_error("Finvoice 3.0 schema: no parser context");
    xmlSchemaSetParserStructuredErrors(pctxt, IgnoreSchemaParseError, nullptr);
    xmlSchemaPtr s = xmlSchemaParse(pctxt);
    xmlSchemaFreeParserCtxt(pctxt);
    if (!s) throw std::runtime_error("the built-in Finvoice 3.0 schema did not compile");
    return s;
  }();
  return schema;
}

std::string ElementPath(const xmlNode* node) {
  std::string path;
  for (const xmlNode* n = node; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
    std::string name = n->name ? reinterpret_cast<const char*>(n->name) : "";
    path = "/" + name + path;
  }
  return path.empty() ? "/" : path;
}

std::vector<InvoiceError> CheckSchema(xmlDoc* doc, int first_line) {
  xmlSchemaPtr schema = Finvoice30Schema();
  ValidationState state;
  state.first_line = first_line;
  xmlSchemaValidCtxtPtr vctxt = xmlSchemaNewValidCtxt(schema);
  if (!vctxt) throw std::runtime_error("Finvoice 3.0 schema: no validation context");
  xmlSchemaSetValidStructuredErrors(vctxt, OnValidityError, &state);
  int rc = xmlSchemaValidateDoc(vctxt, doc);
  xmlSchemaFreeValidCtxt(vctxt);
  if (rc != 0 && state.errors.empty()) {
    const xmlNode* root = xmlDocGetRootElement(doc);
    state.errors.push_back(SchemaInvalidWithoutDetail(root ? ElementPath(root) : "/Finvoice",
                                                      root ? FileLine(root, first_line) : 0));
  }
  return std::move(state.errors);
}

}  // namespace seteli::finvoice
