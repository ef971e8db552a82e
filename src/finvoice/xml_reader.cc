#include "finvoice/xml_reader.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <sys/stat.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <utility>

#include "finvoice/xml_arena.h"

namespace seteli::finvoice {
namespace {

// Options handed to libxml2. Deliberately absent: XML_PARSE_NOENT,
// XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR, XML_PARSE_DTDVALID,
// XML_PARSE_XINCLUDE, XML_PARSE_HUGE, XML_PARSE_RECOVER. XML_PARSE_COMPACT
// keeps short texts (amounts, codes, dates) inside their node instead of
// allocating each: the trees are only read, never changed.
constexpr int kParseOptions =
    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT;

xmlParserInputPtr RefuseExternalEntity(const char* /*url*/, const char* /*id*/,
                                       xmlParserCtxtPtr /*ctxt*/) {
  return nullptr;
}

// What the SAX callbacks learn during one parse. Found through a
// thread-local rather than the callbacks' context: a schema validator
// plugged in by a ParseObserver replaces the context libxml2 hands the
// error callback with its own.
struct ParseState {
  xmlParserCtxtPtr ctxt = nullptr;
  bool dtd = false;
  int dtd_line = 0;
  bool have_error = false;
  std::string message;
  int line = 0;
};

thread_local ParseState* current_parse = nullptr;

ParseState* StateOf(void* /*ctx*/) { return current_parse; }

void StopForDtd(void* ctx) {
  ParseState* st = StateOf(ctx);
  if (!st) return;
  if (!st->dtd) {
    st->dtd = true;
    st->dtd_line = xmlSAX2GetLineNumber(st->ctxt);
  }
  xmlStopParser(st->ctxt);
}

void OnInternalSubset(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  StopForDtd(ctx);
}
void OnEntityDecl(void* ctx, const xmlChar*, int, const xmlChar*, const xmlChar*, xmlChar*) {
  StopForDtd(ctx);
}

void OnStructuredError(void* user, xmlErrorPtr err) {
  ParseState* st = StateOf(user);
  if (!st || !err || st->have_error || err->level < XML_ERR_ERROR) return;
  st->have_error = true;
  st->message = err->message ? err->message : "unknown error";
  while (!st->message.empty() && (st->message.back() == '\n' || st->message.back() == ' ')) {
    st->message.pop_back();
  }
  st->line = err->line;
}

// The bytes handed to libxml2 a chunk at a time: a parser made from memory
// (xmlCreateMemoryParserCtxt) would first copy the whole input into its
// own buffer, while one that reads through this holds only the few
// kilobytes it has not consumed yet.
struct ChunkSource {
  std::string_view rest;
};

int ReadChunk(void* context, char* buffer, int len) {
  auto* source = static_cast<ChunkSource*>(context);
  size_t n = std::min(source->rest.size(), static_cast<size_t>(len < 0 ? 0 : len));
  std::memcpy(buffer, source->rest.data(), n);
  source->rest.remove_prefix(n);
  return static_cast<int>(n);
}

InvoiceError ParseError(const char* code, int line, std::string fi, std::string en) {
  return MakeError(Layer::kParse, code, "", line, std::move(fi), std::move(en));
}

}  // namespace

InvoiceError ForbiddenDtdError(int line) {
  return ParseError("forbidden_dtd", line,
                    "Dokumenttityypin määrittely (DOCTYPE) tai entiteetin määrittely (ENTITY) "
                    "ei ole sallittu Finvoice-aineistossa.",
                    "A document type (DOCTYPE) or entity (ENTITY) declaration is not allowed "
                    "in a Finvoice message.");
}

void XmlDocDeleter::operator()(xmlDoc* doc) const {
  if (!DroppedWithTheArena(doc)) xmlFreeDoc(doc);
}

void InitXmlReader() {
  static std::once_flag once;
  std::call_once(once, [] {
    InstallXmlArenaHooks();
    xmlInitParser();
    xmlSetExternalEntityLoader(RefuseExternalEntity);
  });
}

std::optional<InvoiceError> CheckSize(size_t size, const ReaderLimits& limits) {
  if (size <= limits.max_bytes) return std::nullopt;
  std::string limit = std::to_string(limits.max_bytes);
  return ParseError("too_large", 0,
                    "Tiedosto on liian suuri: yli " + limit + " tavua.",
                    "The file is too large: more than " + limit + " bytes.");
}

ReadResult ReadInputFile(const std::string& path, const ReaderLimits& limits) {
  ReadResult r;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    r.unreadable = true;
    r.io_message = "cannot open the file";
    return r;
  }
  if (S_ISDIR(st.st_mode)) {
    r.unreadable = true;
    r.io_message = "is a directory";
    return r;
  }
  if (S_ISREG(st.st_mode)) {
    if (auto e = CheckSize(static_cast<size_t>(st.st_size), limits)) {
      r.error = std::move(e);
      return r;
    }
    r.bytes.reserve(static_cast<size_t>(st.st_size));
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    r.unreadable = true;
    r.io_message = "cannot open the file";
    return r;
  }
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (r.bytes.size() + n > limits.max_bytes) {
      std::fclose(f);
      r.bytes.clear();
      r.bytes.shrink_to_fit();
      r.error = CheckSize(limits.max_bytes + 1, limits);
      return r;
    }
    r.bytes.append(buf, n);
  }
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) {
    r.unreadable = true;
    r.io_message = "read error";
    r.bytes.clear();
  }
  return r;
}

int FileLine(const xmlNode* node, int first_line) {
  if (!node) return 0;
  long line = xmlGetLineNo(node);
  return line > 0 ? first_line + static_cast<int>(line) - 1 : 0;
}

ParsedXml ParseXml(std::string_view bytes, int first_line, ParseObserver* observer) {
  InitXmlReader();
  ParsedXml out;
  auto at_file_line = [first_line](int line) { return line > 0 ? first_line + line - 1 : 0; };
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    out.error = CheckSize(bytes.size(), ReaderLimits{static_cast<size_t>(INT_MAX)});
    return out;
  }
  ChunkSource source{bytes};
  xmlParserCtxtPtr ctxt =
      xmlCreateIOParserCtxt(nullptr, nullptr, ReadChunk, nullptr, &source, XML_CHAR_ENCODING_NONE);
  if (!ctxt) {
    out.error = ParseError("not_well_formed", first_line, "Tiedostoa ei voitu jäsentää.",
                           "The file could not be parsed.");
    return out;
  }
  ParseState state;
  state.ctxt = ctxt;
  ParseState* outer = std::exchange(current_parse, &state);
  xmlCtxtUseOptions(ctxt, kParseOptions);
  ctxt->vctxt.error = nullptr;
  ctxt->vctxt.warning = nullptr;
  if (observer) observer->Before(ctxt);
  // Own handlers on this context's private copy of the SAX table, set
  // after the observer, so whatever it plugged in reports here too.
  ctxt->sax->internalSubset = OnInternalSubset;
  ctxt->sax->entityDecl = OnEntityDecl;
  ctxt->sax->serror = OnStructuredError;
  ctxt->sax->error = nullptr;
  ctxt->sax->warning = nullptr;

  xmlParseDocument(ctxt);
  if (observer) observer->After(ctxt);
  current_parse = outer;
  XmlDocPtr doc(ctxt->myDoc);
  ctxt->myDoc = nullptr;
  bool well_formed = ctxt->wellFormed != 0;
  xmlFreeParserCtxt(ctxt);

  if (state.dtd || (doc && (doc->intSubset || doc->extSubset))) {
    out.error = ForbiddenDtdError(at_file_line(state.dtd_line));
    return out;
  }
  if (!well_formed || !doc || state.have_error || !xmlDocGetRootElement(doc.get())) {
    std::string why = state.have_error ? state.message : "no root element";
    out.error = ParseError("not_well_formed", at_file_line(state.line),
                           "XML ei ole hyvin muodostettu: " + why + ".",
                           "The XML is not well formed: " + why + ".");
    return out;
  }
  out.doc = std::move(doc);
  return out;
}

}  // namespace seteli::finvoice
