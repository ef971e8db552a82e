// Cuts a file into its XML documents before anything parses them.
//
// A Finvoice transmission is not one XML document: an operator sends a SOAP
// frame (ebXML header) followed by the Finvoice message, two documents back
// to back, and a batch is several such pairs one after another. libxml2
// reads exactly one document, so this byte-level scanner finds where each
// top-level document ends (its root element closes), without building
// anything and in one linear pass, so hostile input (deep nesting, huge
// files) costs nothing here. It also notices any DOCTYPE or entity
// declaration, which the reader refuses before libxml2 sees it.
//
//   for (const DocumentPart& p : SplitDocuments(bytes)) {
//     std::string_view doc = bytes.substr(p.offset, p.size);
//     ...
//   }
//
// The scanner understands comments, CDATA, processing instructions and
// quoted attribute values. It is a splitter, not a checker: a part that is
// not well formed is still returned whole and the parser reports it.
#ifndef SETELI_FINVOICE_TRANSMISSION_SPLIT_H_
#define SETELI_FINVOICE_TRANSMISSION_SPLIT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seteli::finvoice {

struct DocumentPart {
  size_t offset = 0;
  size_t size = 0;
  int first_line = 1;        // line in the file where the part starts
  std::string root_name;     // qualified name of the root element, "" if none
  bool has_dtd = false;      // a <!DOCTYPE or <!ENTITY (or other <!...) markup
  int dtd_line = 0;          // line in the file of that declaration
  // A DOCTYPE naming only an external DTD (`<!DOCTYPE Finvoice SYSTEM
  // "Finvoice.dtd">`, no internal subset, nothing declared) can be cut out
  // and the rest read; these give its bytes within the file. Any internal
  // subset or other declaration leaves `dtd_size` 0 and the part covers
  // the rest of the file, unread.
  size_t dtd_offset = 0;
  size_t dtd_size = 0;
};

// The documents of `bytes` in file order. Empty (or whitespace-only) input
// gives no parts. Input that is not in an ASCII-compatible encoding (a
// UTF-16 byte order mark, NUL bytes) is returned as a single part.
std::vector<DocumentPart> SplitDocuments(std::string_view bytes);

// The part SplitDocuments gives first, as if it were the file's only
// document: from its start to the end of the input, without scanning past
// its root's start tag. None when the input has no root element, its
// prolog holds a DTD, or it is not ASCII-compatible. Lets a file that
// parses as one document skip the split; one that does not is split.
std::optional<DocumentPart> LeadingDocument(std::string_view bytes);

// The local name of a qualified name: "SOAP-ENV:Envelope" -> "Envelope".
std::string_view LocalName(std::string_view qualified);

}  // namespace seteli::finvoice

#endif  // SETELI_FINVOICE_TRANSMISSION_SPLIT_H_
