#include "finvoice/transmission_split.h"

#include <algorithm>

namespace seteli::finvoice {
namespace {

constexpr size_t kNpos = std::string_view::npos;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool IsNameChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == ':' || c == '-' || c == '.';
}

// Line numbers of increasing offsets, counted once over the input.
class LineCounter {
 public:
  explicit LineCounter(std::string_view s) : s_(s) {}
  int At(size_t offset) {
    for (; pos_ < offset && pos_ < s_.size(); ++pos_) {
      if (s_[pos_] == '\n') ++line_;
    }
    return line_;
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
  int line_ = 1;
};

class Splitter {
 public:
  explicit Splitter(std::string_view s) : s_(s), n_(s.size()) {}

  std::vector<DocumentPart> Run() {
    std::vector<DocumentPart> parts;
    LineCounter lines(s_);
    size_t pos = 0;
    while (true) {
      pos = SkipSpace(pos);
      if (pos >= n_) break;
      DocumentPart part;
      part.offset = pos;
      size_t dtd_at = kNpos;
      size_t end = ScanDocument(pos, part, dtd_at);
      part.size = end - part.offset;
      part.first_line = lines.At(part.offset);
      if (dtd_at != kNpos) part.dtd_line = lines.At(dtd_at);
      parts.push_back(std::move(part));
      pos = end;
    }
    return parts;
  }

  // The part SplitDocuments would give for a file holding only its first
  // document: where it starts, its root's name, reaching to the end. None
  // without a root, or with a DTD in the prolog.
  std::optional<DocumentPart> Leading() {
    size_t pos = SkipSpace(0);
    DocumentPart part;
    part.offset = pos;
    size_t dtd_at = kNpos;
    bool root = false;
    ScanProlog(pos, part, dtd_at, root);
    if (!root || part.has_dtd) return std::nullopt;
    part.size = n_ - pos;
    part.first_line = LineCounter(s_).At(pos);
    return part;
  }

 private:
  bool At(size_t i, std::string_view p) const { return i <= n_ && s_.substr(i, p.size()) == p; }

  size_t SkipSpace(size_t i) const {
    while (i < n_ && IsSpace(s_[i])) ++i;
    return i;
  }

  // "<?xml" followed by white space: an XML declaration, which only ever
  // starts a document.
  bool AtXmlDecl(size_t i) const { return At(i, "<?xml") && i + 5 < n_ && IsSpace(s_[i + 5]); }

  // The prolog from `i`: declaration, processing instructions, comments
  // and a DOCTYPE (noted in `part`). Returns the offset of the root's '<'
  // with `root` set and its name in `part`, or where the document ends
  // when no root is to be read.
  size_t ScanProlog(size_t i, DocumentPart& part, size_t& dtd_at, bool& root) {
    if (At(i, "\xEF\xBB\xBF")) i += 3;
    while (true) {
      i = SkipSpace(i);
      if (i >= n_) return n_;
      if (At(i, "<?")) {
        size_t e = s_.find("?>", i + 2);
        if (e == kNpos) return n_;
        i = e + 2;
      } else if (At(i, "<!--")) {
        size_t e = s_.find("-->", i + 4);
        if (e == kNpos) return n_;
        i = e + 3;
      } else if (At(i, "<!")) {
        part.has_dtd = true;
        dtd_at = i;
        size_t e = ExternalDoctypeEnd(i);
        // An internal subset, ENTITY or anything else of a DTD: refused
        // whole, so the rest of the file is this part and is not scanned.
        if (e == kNpos || part.dtd_size != 0) {
          part.dtd_offset = 0;
          part.dtd_size = 0;
          return n_;
        }
        part.dtd_offset = i;
        part.dtd_size = e - i;
        i = e;
      } else if (s_[i] == '<') {
        size_t j = i + 1;
        while (j < n_ && IsNameChar(s_[j])) ++j;
        part.root_name = std::string(s_.substr(i + 1, j - i - 1));
        root = true;
        return i;
      } else {
        return n_;  // text before the root: the parser will say so
      }
    }
  }

  // One document from `i`: prolog, root element, trailing comments and
  // processing instructions. Returns the offset just past it.
  size_t ScanDocument(size_t i, DocumentPart& part, size_t& dtd_at) {
    bool root = false;
    size_t at = ScanProlog(i, part, dtd_at, root);
    if (!root) return at;
    size_t end = ScanElement(at);
    // Comments and processing instructions after the root belong to it,
    // except an XML declaration, which starts the next document.
    while (end < n_) {
      size_t j = SkipSpace(end);
      if (At(j, "<!--")) {
        size_t e = s_.find("-->", j + 4);
        if (e == kNpos) return n_;
        end = e + 3;
      } else if (At(j, "<?") && !AtXmlDecl(j)) {
        size_t e = s_.find("?>", j + 2);
        if (e == kNpos) return n_;
        end = e + 2;
      } else {
        break;
      }
    }
    return end;
  }

  // The end of `<!DOCTYPE name SYSTEM "uri">` (or PUBLIC) at `i` when it
  // has no internal subset, else npos.
  size_t ExternalDoctypeEnd(size_t i) const {
    if (!At(i, "<!DOCTYPE")) return kNpos;
    for (size_t j = i + 9; j < n_; ++j) {
      char c = s_[j];
      if (c == '"' || c == '\'') {
        size_t k = s_.find(c, j + 1);
        if (k == kNpos) return kNpos;
        j = k;
      } else if (c == '[' || c == '<') {
        return kNpos;
      } else if (c == '>') {
        return j + 1;
      }
    }
    return kNpos;
  }

  // From the '<' of the root's start tag to just past its end tag, or the
  // end of input when it never closes.
  size_t ScanElement(size_t i) const {
    long depth = 0;
    while (i < n_) {
      // Dispatch on the byte after '<': most markup is a start or end tag.
      char next_byte = i + 1 < n_ ? s_[i + 1] : '\0';
      if (next_byte == '!' && At(i, "<!--")) {
        size_t e = s_.find("-->", i + 4);
        if (e == kNpos) return n_;
        i = e + 3;
      } else if (next_byte == '!' && At(i, "<![CDATA[")) {
        size_t e = s_.find("]]>", i + 9);
        if (e == kNpos) return n_;
        i = e + 3;
      } else if (next_byte == '?') {
        size_t e = s_.find("?>", i + 2);
        if (e == kNpos) return n_;
        i = e + 2;
      } else if (next_byte == '/') {
        size_t e = s_.find('>', i + 2);
        if (e == kNpos) return n_;
        i = e + 1;
        if (--depth <= 0) return i;
      } else {
        size_t j = TagEnd(i + 1);
        if (j >= n_) return n_;
        bool empty = s_[j - 1] == '/';
        i = j + 1;
        if (!empty) {
          ++depth;
        } else if (depth == 0) {
          return i;
        }
      }
      size_t next = s_.find('<', i);
      if (next == kNpos) return n_;
      i = next;
    }
    return n_;
  }

  // The '>' closing a tag whose name starts at `j` (a '>' inside a quoted
  // attribute value does not close it), or n_. A byte at a time: a tag is
  // short, and three searches a tag cost more than reading it once.
  size_t TagEnd(size_t j) const {
    for (; j < n_; ++j) {
      char c = s_[j];
      if (c == '>') return j;
      if (c == '"' || c == '\'') {
        j = s_.find(c, j + 1);
        if (j == kNpos) return n_;
      }
    }
    return n_;
  }

  std::string_view s_;
  size_t n_;
};

bool AsciiCompatible(std::string_view s) {
  if (s.size() >= 2) {
    unsigned char a = static_cast<unsigned char>(s[0]);
    unsigned char b = static_cast<unsigned char>(s[1]);
    if ((a == 0xFE && b == 0xFF) || (a == 0xFF && b == 0xFE)) return false;
  }
  for (size_t i = 0; i < s.size() && i < 4; ++i) {
    if (s[i] == '\0') return false;
  }
  return true;
}

}  // namespace

std::vector<DocumentPart> SplitDocuments(std::string_view bytes) {
  if (!AsciiCompatible(bytes)) {
    DocumentPart whole;
    whole.size = bytes.size();
    return {whole};
  }
  return Splitter(bytes).Run();
}

std::optional<DocumentPart> LeadingDocument(std::string_view bytes) {
  if (!AsciiCompatible(bytes)) return std::nullopt;
  return Splitter(bytes).Leading();
}

std::string_view LocalName(std::string_view qualified) {
  size_t colon = qualified.rfind(':');
  return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

}  // namespace seteli::finvoice
