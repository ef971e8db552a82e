// Internal to src/outbound: a thin RAII layer over libxml2's xmlTextWriter so
// that every outbound document is written by libxml2 (escaping, encoding)
// and never by string concatenation.
//
//   internal::XmlWriter w(Encoding::kUtf8, /*declaration=*/true);
//   w.Start("Finvoice");
//   w.Attribute("Version", "3.0");
//   w.Element("InvoiceNumber", "2024-0001");
//   w.End();
//   Result<std::string> xml = w.Finish();
//
// Errors of the underlying writer (an encoding libxml2 cannot convert to, an
// allocation failure) are remembered and reported once by Finish(), so the
// builders can write straight-line code. Not thread-safe; one per document.
#ifndef SETELI_OUTBOUND_XML_WRITER_H_
#define SETELI_OUTBOUND_XML_WRITER_H_

#include <libxml/xmlwriter.h>

#include <string>
#include <string_view>

#include "seteli/status.h"

namespace seteli::outbound {

// The character encoding of a produced document. Finvoice traditionally
// travels as ISO-8859-15; UTF-8 is what the UBL and HTML documents use.
enum class Encoding { kUtf8, kIso8859_15 };

// The name written in the XML declaration: "UTF-8" or "ISO-8859-15".
const char* EncodingName(Encoding e);

namespace internal {

class XmlWriter {
 public:
  // `declaration`: write `<?xml version="1.0" encoding="..."?>`. Without it
  // the output is UTF-8 (the SOAP frame, which is ASCII in practice).
  XmlWriter(Encoding encoding, bool declaration);
  ~XmlWriter();
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  void ProcessingInstruction(const char* target, const char* content);
  void Comment(std::string_view text);
  // A namespaced element: prefix may be empty; ns_uri only on the element
  // that declares it.
  void Start(const char* name);
  void StartNs(const char* prefix, const char* name, const char* ns_uri = nullptr);
  void Attribute(const char* name, std::string_view value);
  void AttributeNs(const char* prefix, const char* name, std::string_view value,
                   const char* ns_uri = nullptr);
  void Text(std::string_view text);
  void End();
  // Always `</name>`, never `<name/>`: HTML reads `<td/>` as an open tag.
  void EndFull();
  // `<!DOCTYPE name>`.
  void Doctype(const char* name);
  // <name>text</name>, and the namespaced variant.
  void Element(const char* name, std::string_view text);
  void ElementNs(const char* prefix, const char* name, std::string_view text);

  // Closes what is open and returns the document bytes (in the chosen
  // encoding), or code "xml_write_failed".
  Result<std::string> Finish();

 private:
  void Check(int rc, const char* what);

  xmlBufferPtr buffer_ = nullptr;
  xmlTextWriterPtr writer_ = nullptr;
  std::string error_;
  bool finished_ = false;
};

}  // namespace internal
}  // namespace seteli::outbound

#endif  // SETELI_OUTBOUND_XML_WRITER_H_
