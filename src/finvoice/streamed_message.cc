#include "finvoice/streamed_message.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "finvoice/schema_check.h"
#include "finvoice/xml_arena.h"

namespace seteli::finvoice {
namespace {

struct OpenElement {
  const xmlChar* name;  // the parser's dictionary keeps it for the parse
  int line;             // of its start tag, in the document
};

bool IsBlank(const xmlChar* text, int len) {
  for (int i = 0; i < len; ++i) {
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != '\n') return false;
  }
  return true;
}

// Sits between libxml2's parser and its tree builder (xmlSAX2*), under the
// schema validator's plug: it keeps the path of open elements, so that a
// validity error, which in streaming carries no tree node, still gets the
// element's path and line; and it reads and frees each top-level
// InvoiceRow when it closes. The plug hands each event to these handlers
// first and then to the validator, so an error raised at an element's
// start concerns the element just opened, and one raised at its end
// (missing children, a bad value) the element just closed.
class Streamer : public ParseObserver {
 public:
  explicit Streamer(int first_line, StreamedMessage* out) : first_line_(first_line), out_(out) {}
  ~Streamer() override {
    if (plug_) xmlSchemaSAXUnplug(plug_);
    if (vctxt_) xmlSchemaFreeValidCtxt(vctxt_);
  }
  Streamer(const Streamer&) = delete;
  Streamer& operator=(const Streamer&) = delete;

  void Before(xmlParserCtxt* ctxt) override {
    ctxt->_private = this;
    ctxt->sax->startElementNs = OnStart;
    ctxt->sax->endElementNs = OnEnd;
    ctxt->sax->characters = OnText;
    ctxt->sax->ignorableWhitespace = OnText;
    vctxt_ = xmlSchemaNewValidCtxt(Finvoice30Schema());
    if (!vctxt_) throw std::runtime_error("Finvoice 3.0 schema: no validation context");
    xmlSchemaSetValidStructuredErrors(vctxt_, OnValidityError, this);
    plug_ = xmlSchemaSAXPlug(vctxt_, &ctxt->sax, &ctxt->userData);
    if (!plug_) throw std::runtime_error("Finvoice 3.0 schema: cannot validate while parsing");
  }

  void After(xmlParserCtxt* /*ctxt*/) override {
    xmlSchemaSAXUnplug(plug_);
    plug_ = nullptr;
  }

  // Whether the validator judged the message invalid.
  bool Invalid() const { return vctxt_ && xmlSchemaIsValid(vctxt_) != 1; }

 private:
  static Streamer* Of(void* ctx) {
    return static_cast<Streamer*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
  }

  static void OnStart(void* ctx, const xmlChar* name, const xmlChar* prefix, const xmlChar* uri,
                      int nb_namespaces, const xmlChar** namespaces, int nb_attributes,
                      int nb_defaulted, const xmlChar** attributes) {
    xmlSAX2StartElementNs(ctx, name, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                          nb_defaulted, attributes);
    Streamer* s = Of(ctx);
    s->open_.push_back({name, xmlSAX2GetLineNumber(ctx)});
    s->closing_ = false;
  }

  static void OnEnd(void* ctx, const xmlChar* name, const xmlChar* prefix, const xmlChar* uri) {
    auto* ctxt = static_cast<xmlParserCtxtPtr>(ctx);
    Streamer* s = Of(ctx);
    xmlNode* element = ctxt->node;
    xmlSAX2EndElementNs(ctx, name, prefix, uri);
    if (s->open_.empty()) return;
    s->closed_ = s->open_.back();
    s->open_.pop_back();
    s->closing_ = true;
    if (s->open_.size() == 1 && element && element->parent == xmlDocGetRootElement(ctxt->myDoc) &&
        xmlStrEqual(element->name, BAD_CAST "InvoiceRow")) {
      s->out_->rows.push_back(
          ExtractInvoiceRow(element, static_cast<int>(s->out_->rows.size()) + 1, s->first_line_));
      xmlUnlinkNode(element);
      if (!DroppedWithTheArena(element)) xmlFreeNode(element);
    }
  }

  // White space between the root's children (one text node per row
  // otherwise) is dropped from the tree; nothing reads it, and the
  // validator sees every character regardless.
  static void OnText(void* ctx, const xmlChar* text, int len) {
    if (Of(ctx)->open_.size() == 1 && IsBlank(text, len)) return;
    xmlSAX2Characters(ctx, text, len);
  }

  static void OnValidityError(void* user, xmlErrorPtr err) {
    auto* s = static_cast<Streamer*>(user);
    if (!err || err->level < XML_ERR_ERROR || s->out_->schema_errors.size() >= kMaxSchemaErrors)
      return;
    std::string path;
    int line = 0;
    const size_t holder = s->OpenElementNamedIn(err->message);
    const bool about_open = holder < s->open_.size();
    if (s->closing_ && (!about_open || Names(err->message, s->closed_.name))) {
      // The element just closed: its parents are still open.
      path = s->Path(s->open_.size(), s->closed_.name);
      line = s->closed_.line;
    } else if (!s->open_.empty()) {
      // Text where only elements belong is noticed only once the next
      // element starts or the one before it ends; the message names the
      // element that holds it, and so does the finding, as the tree's.
      const size_t depth = about_open ? holder + 1 : s->open_.size();
      path = s->Path(depth);
      line = s->open_[depth - 1].line;
    } else {
      path = "/Finvoice";
      line = err->line;
    }
    s->out_->schema_errors.push_back(SchemaFinding(err->message ? err->message : "invalid", path,
                                                   line > 0 ? s->first_line_ + line - 1 : 0));
  }

  // The open elements' path, and `last` below them if given. Made only
  // for a finding, not at every element's end.
  std::string Path(size_t depth, const xmlChar* last = nullptr) const {
    std::string p;
    for (size_t i = 0; i < depth; ++i) {
      p += '/';
      p += reinterpret_cast<const char*>(open_[i].name);
    }
    if (last) {
      p += '/';
      p += reinterpret_cast<const char*>(last);
    }
    return p.empty() ? "/" : p;
  }

  // Whether libxml2's `message` is about element `name`: it starts
  // "Element 'name':".
  static bool Names(const char* message, const xmlChar* name) {
    if (!message || !name) return false;
    std::string_view m(message);
    std::string_view n(reinterpret_cast<const char*>(name));
    return m.size() > 11 + n.size() && m.substr(0, 9) == "Element '" &&
           m.substr(9, n.size()) == n && m[9 + n.size()] == '\'';
  }

  // The innermost open element `message` is about, or open_.size().
  size_t OpenElementNamedIn(const char* message) const {
    for (size_t i = open_.size(); i > 0; --i) {
      if (Names(message, open_[i - 1].name)) return i - 1;
    }
    return open_.size();
  }

  int first_line_;
  StreamedMessage* out_;
  xmlSchemaValidCtxtPtr vctxt_ = nullptr;
  xmlSchemaSAXPlugPtr plug_ = nullptr;
  std::vector<OpenElement> open_;
  OpenElement closed_{nullptr, 0};
  bool closing_ = false;
};

}  // namespace

StreamedMessage StreamFinvoice(std::string_view bytes, int first_line) {
  StreamedMessage out;
  Streamer streamer(first_line, &out);
  ParsedXml xml = ParseXml(bytes, first_line, &streamer);
  if (xml.error) {
    out.parse_error = std::move(xml.error);
    out.schema_errors.clear();
    out.rows.clear();
    return out;
  }
  out.doc = std::move(xml.doc);
  if (streamer.Invalid() && out.schema_errors.empty()) {
    const xmlNode* root = xmlDocGetRootElement(out.doc.get());
    out.schema_errors.push_back(
        SchemaInvalidWithoutDetail("/Finvoice", FileLine(root, first_line)));
  }
  return out;
}

}  // namespace seteli::finvoice
