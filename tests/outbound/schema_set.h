// Test support: XSD validation with libxml2 against the schemas the project
// ships, offline. The absolute URLs msg-header-2_0.xsd imports are mapped
// to local files (see finvoice/schema/SOURCES.md).
//
//   SchemaSet s = SchemaSet::Load(FinvoiceXsd());
//   std::vector<std::string> errors = s.Validate(xml);   // empty: valid
#ifndef SETELI_TESTS_OUTBOUND_SCHEMA_SET_H_
#define SETELI_TESTS_OUTBOUND_SCHEMA_SET_H_

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace seteli::outbound::testing {

std::string ProjectPath(std::string_view relative);  // under the source tree
std::string FinvoiceXsd();     // finvoice/schema/Finvoice3.0.xsd
std::string AckXsd();          // finvoice/schema/Finvoiceack.xsd
std::string EnvelopeXsd();     // finvoice/schema/envelope.xsd
std::string EbHeaderXsd();     // finvoice/schema/msg-header-2_0.xsd
std::string UblResponseXsd();  // peppol/xsd/maindoc/UBL-ApplicationResponse-2.1.xsd

class SchemaSet {
 public:
  // Aborts the test binary's expectations (schema == nullptr) if it fails.
  static SchemaSet Load(const std::string& xsd_path);
  // msg-header-2_0.xsd with its one non-deterministic particle removed in
  // memory (see schema_set.cc); the file itself is not changed.
  static SchemaSet LoadEbHeader();
  bool loaded() const { return schema_ != nullptr; }
  // Schema errors of `xml` (a single document); parse errors too.
  std::vector<std::string> Validate(std::string_view xml) const;
  std::vector<std::string> ValidateDoc(xmlDoc* doc) const;

 private:
  std::shared_ptr<xmlSchema> schema_;
};

// A parsed document that frees itself.
using DocPtr = std::unique_ptr<xmlDoc, void (*)(xmlDoc*)>;
DocPtr Parse(std::string_view xml);

// The text of every node matching `xpath` (namespaces: fv none, soap, eb,
// ack, ar, cac, cbc).
std::vector<std::string> XPathTexts(xmlDoc* doc, const char* xpath);

// A framed file split at the end of the SOAP envelope: {frame, message}.
std::pair<std::string, std::string> SplitFramed(std::string_view file);

}  // namespace seteli::outbound::testing

#endif  // SETELI_TESTS_OUTBOUND_SCHEMA_SET_H_
