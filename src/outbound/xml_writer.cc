#include "outbound/xml_writer.h"

#include <string>

namespace seteli::outbound {

const char* EncodingName(Encoding e) {
  return e == Encoding::kIso8859_15 ? "ISO-8859-15" : "UTF-8";
}

namespace internal {
namespace {

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

}  // namespace

XmlWriter::XmlWriter(Encoding encoding, bool declaration) {
  buffer_ = xmlBufferCreate();
  writer_ = buffer_ ? xmlNewTextWriterMemory(buffer_, 0) : nullptr;
  if (!writer_) {
    error_ = "cannot create the XML writer";
    return;
  }
  // Two-space indentation keeps the documents readable for the people who
  // open them when an operator asks "what did you send?".
  xmlTextWriterSetIndent(writer_, 1);
  xmlTextWriterSetIndentString(writer_, X("  "));
  // The declaration also installs the output encoder: text is given to
  // libxml2 in UTF-8 and converted, characters outside ISO-8859-15 become
  // character references.
  if (declaration) Check(xmlTextWriterStartDocument(writer_, "1.0", EncodingName(encoding), nullptr),
                         "start document");
}

XmlWriter::~XmlWriter() {
  if (writer_) xmlFreeTextWriter(writer_);
  if (buffer_) xmlBufferFree(buffer_);
}

void XmlWriter::Check(int rc, const char* what) {
  if (rc < 0 && error_.empty()) error_ = std::string("libxml2 failed to ") + what;
}

void XmlWriter::ProcessingInstruction(const char* target, const char* content) {
  if (writer_) Check(xmlTextWriterWritePI(writer_, X(target), X(content)), "write a PI");
}

void XmlWriter::Comment(std::string_view text) {
  if (writer_) Check(xmlTextWriterWriteComment(writer_, X(std::string(text).c_str())), "write a comment");
}

void XmlWriter::Start(const char* name) {
  if (writer_) Check(xmlTextWriterStartElement(writer_, X(name)), "start an element");
}

void XmlWriter::StartNs(const char* prefix, const char* name, const char* ns_uri) {
  if (!writer_) return;
  Check(xmlTextWriterStartElementNS(writer_, prefix && *prefix ? X(prefix) : nullptr, X(name),
                                    ns_uri ? X(ns_uri) : nullptr),
        "start an element");
}

void XmlWriter::Attribute(const char* name, std::string_view value) {
  if (writer_) Check(xmlTextWriterWriteAttribute(writer_, X(name), X(std::string(value).c_str())),
                     "write an attribute");
}

void XmlWriter::AttributeNs(const char* prefix, const char* name, std::string_view value,
                            const char* ns_uri) {
  if (!writer_) return;
  Check(xmlTextWriterWriteAttributeNS(writer_, X(prefix), X(name), ns_uri ? X(ns_uri) : nullptr,
                                      X(std::string(value).c_str())),
        "write an attribute");
}

void XmlWriter::Text(std::string_view text) {
  if (writer_) Check(xmlTextWriterWriteString(writer_, X(std::string(text).c_str())), "write text");
}

void XmlWriter::End() {
  if (writer_) Check(xmlTextWriterEndElement(writer_), "end an element");
}

void XmlWriter::EndFull() {
  if (writer_) Check(xmlTextWriterFullEndElement(writer_), "end an element");
}

void XmlWriter::Doctype(const char* name) {
  if (writer_) Check(xmlTextWriterWriteDTD(writer_, X(name), nullptr, nullptr, nullptr), "write the doctype");
}

void XmlWriter::Element(const char* name, std::string_view text) {
  Start(name);
  Text(text);
  End();
}

void XmlWriter::ElementNs(const char* prefix, const char* name, std::string_view text) {
  StartNs(prefix, name);
  Text(text);
  End();
}

Result<std::string> XmlWriter::Finish() {
  if (writer_ && !finished_) {
    Check(xmlTextWriterEndDocument(writer_), "end the document");
    xmlTextWriterFlush(writer_);
    finished_ = true;
  }
  if (!error_.empty()) return Error{"xml_write_failed", error_};
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_)),
                     static_cast<size_t>(xmlBufferLength(buffer_)));
}

}  // namespace internal
}  // namespace seteli::outbound
