// The hardened XML reader: every byte of an invoice that reaches libxml2
// goes through here.
//
// - the input is capped before anything is read into memory
//   (`ReaderLimits::max_bytes`, code "too_large");
// - parsing is from memory with XML_PARSE_NONET and nothing else that loads
//   or expands: never NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE, so
//   libxml2's own depth and size limits stay in force;
// - any DOCTYPE or entity declaration stops the parse ("forbidden_dtd");
// - a process-wide external entity loader refuses every URL and file;
// - anything else libxml2 rejects, including bytes that are not in the
//   declared encoding, is "not_well_formed".
//
//   ReadResult file = ReadInputFile("invoice.xml", ReaderLimits{});
//   if (file.error) ...;                     // too_large or unreadable
//   ParsedXml xml = ParseXml(bytes, first_line);
//   if (xml.error) ...;                      // parse layer error, line set
//   xmlNode* root = xmlDocGetRootElement(xml.doc.get());
//
// Thread-safety: ParseXml may be called from several threads at once.
#ifndef SETELI_FINVOICE_XML_READER_H_
#define SETELI_FINVOICE_XML_READER_H_

#include <libxml/tree.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "finvoice/validation_report.h"

namespace seteli::finvoice {

inline constexpr size_t kDefaultMaxInputBytes = 16u * 1024u * 1024u;  // 16 MiB

struct ReaderLimits {
  size_t max_bytes = kDefaultMaxInputBytes;
};

struct ReadResult {
  std::string bytes;
  std::optional<InvoiceError> error;  // "too_large" (parse layer)
  bool unreadable = false;            // the file could not be opened or read
  std::string io_message;             // why, when unreadable
};

// Reads at most `limits.max_bytes` of `path`; a bigger file is "too_large"
// without reading it (a regular file is measured first, anything else stops
// reading one byte past the cap).
ReadResult ReadInputFile(const std::string& path, const ReaderLimits& limits);

// The same cap for bytes already in memory.
std::optional<InvoiceError> CheckSize(size_t size, const ReaderLimits& limits);

struct XmlDocDeleter {
  void operator()(xmlDoc* doc) const;
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocDeleter>;

struct ParsedXml {
  XmlDocPtr doc;                      // null when `error` is set
  std::optional<InvoiceError> error;  // parse layer
};

// Looks into one parse (streamed_message.h): `Before` gets the parser
// context, hardened and with the reader's own handlers, just before
// libxml2 reads, so it may wrap the SAX handlers (its own tree building,
// a schema validator plugged in); `After` gets it once the parse ended,
// before it is freed, to undo that.
class ParseObserver {
 public:
  virtual ~ParseObserver() = default;
  virtual void Before(xmlParserCtxt* ctxt) = 0;
  virtual void After(xmlParserCtxt* ctxt) = 0;
};

// Parses one XML document. `first_line` is the line of the file on which
// `bytes` starts, so errors carry file lines.
ParsedXml ParseXml(std::string_view bytes, int first_line = 1, ParseObserver* observer = nullptr);

// Installs the refusing external entity loader and the arena's allocation
// hooks (xml_arena.h), and initialises libxml2. Idempotent; ParseXml calls
// it.
void InitXmlReader();

// The "forbidden_dtd" finding, at `line` of the file.
InvoiceError ForbiddenDtdError(int line);

// Line in the file of a node of a document parsed from `first_line`.
int FileLine(const xmlNode* node, int first_line);

}  // namespace seteli::finvoice

#endif  // SETELI_FINVOICE_XML_READER_H_
