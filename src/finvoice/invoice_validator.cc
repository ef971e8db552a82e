#include "finvoice/invoice_validator.h"

#include <optional>
#include <string_view>

#include "finvoice/invoice_fields.h"
#include "finvoice/schema_check.h"
#include "finvoice/streamed_message.h"
#include "finvoice/transmission_split.h"
#include "finvoice/vat_check.h"
#include "finvoice/xml_arena.h"

namespace seteli::finvoice {
namespace {

InvoiceReport ReportWith(const std::string& file, InvoiceError e, int line) {
  InvoiceReport r;
  r.file = file;
  r.line = line;
  r.errors.push_back(std::move(e));
  return r;
}

InvoiceError NoMessage(const std::string& path, int line, std::string fi, std::string en) {
  return MakeError(Layer::kSchema, "schema_invalid", path, line, std::move(fi), std::move(en));
}

InvoiceError FrameWithoutMessage(int line) {
  return NoMessage("/Finvoice", line,
                   "Lähetyskehystä (SOAP) ei seuraa Finvoice-sanoma: Finvoice-elementti puuttuu.",
                   "The transmission frame (SOAP) is not followed by a Finvoice message: the "
                   "Finvoice element is missing.");
}

bool IsElement(const xmlNode* n, const char* name) {
  return n && n->type == XML_ELEMENT_NODE && n->name &&
         std::string_view(reinterpret_cast<const char*>(n->name)) == name;
}

// Finvoice messages held inside another document: the children of a
// <Finvoices> batch wrapper, or a message carried in the SOAP Body.
std::vector<const xmlNode*> EmbeddedMessages(const xmlNode* root) {
  std::vector<const xmlNode*> out;
  const xmlNode* holder = nullptr;
  if (IsElement(root, "Finvoices")) holder = root;
  if (IsElement(root, "Envelope")) {
    for (const xmlNode* c = root->children; c; c = c->next) {
      if (IsElement(c, "Body")) holder = c;
    }
  }
  if (!holder) return out;
  for (const xmlNode* c = holder->children; c; c = c->next) {
    if (IsElement(c, "Finvoice")) out.push_back(c);
  }
  return out;
}

InvoiceSummary Summarize(const InvoiceFields& f) {
  InvoiceSummary s;
  s.invoice_date = f.invoice_date.value;
  s.due_date = f.payment_date.value;
  s.reference = f.remittance_info.value;
  s.total = f.instructed_amount.present() ? f.instructed_amount.value : f.total_vat_included.value;
  s.credit_note = IsCreditNote(f);
  s.original_invoice_number = f.original_invoice.value;
  return s;
}

void Append(std::vector<InvoiceError>& to, std::vector<InvoiceError> from) {
  for (InvoiceError& e : from) to.push_back(std::move(e));
}

}  // namespace

InvoiceValidator::InvoiceValidator(ValidateOptions options) : options_(options) {
  Finvoice30Schema();
}

Result<std::vector<InvoiceReport>> InvoiceValidator::ValidateFile(const std::string& path,
                                                                  const std::string& display_name) {
  ReadResult read = ReadInputFile(path, options_.limits);
  if (read.unreadable) return Error{"unreadable", read.io_message, path};
  if (read.error) return std::vector<InvoiceReport>{ReportWith(display_name, *read.error, 0)};
  return ValidateBytes(read.bytes, display_name);
}

std::vector<InvoiceReport> InvoiceValidator::ValidateBytes(std::string_view bytes,
                                                           const std::string& file) {
  std::vector<InvoiceReport> reports;
  if (auto too_large = CheckSize(bytes.size(), options_.limits)) {
    reports.push_back(ReportWith(file, *too_large, 0));
    return reports;
  }
  if (std::optional<InvoiceReport> lone = ValidateLoneMessage(bytes, file)) {
    reports.push_back(std::move(*lone));
    return reports;
  }
  std::vector<DocumentPart> parts = SplitDocuments(bytes);
  if (parts.empty()) {
    reports.push_back(ReportWith(file,
                                 MakeError(Layer::kParse, "not_well_formed", "", 1,
                                           "Tiedosto on tyhjä: siinä ei ole XML-dokumenttia.",
                                           "The file is empty: it holds no XML document."),
                                 1));
    return reports;
  }

  std::optional<int> pending_frame;  // line of a frame still waiting for its message
  auto flush_frame = [&] {
    if (pending_frame) reports.push_back(ReportWith(file, FrameWithoutMessage(*pending_frame), *pending_frame));
    pending_frame.reset();
  };

  for (const DocumentPart& part : parts) {
    // A small document's libxml2 allocations come from this thread's arena
    // and go all at once at the end of the loop.
    std::optional<XmlArenaScope> arena;
    if (part.size <= kArenaDocumentBytes) arena.emplace();
    std::string_view doc_bytes = bytes.substr(part.offset, part.size);
    std::optional<InvoiceError> dtd_error;
    std::string without_doctype;
    if (part.has_dtd) {
      dtd_error = ForbiddenDtdError(part.dtd_line);
      if (part.dtd_size == 0) {
        // An internal subset or entity declaration: refused unread. It
        // stands for the message a pending frame announced.
        pending_frame.reset();
        reports.push_back(ReportWith(file, *dtd_error, part.first_line));
        continue;
      }
      // Only an external DTD named: refused, but the message is still read
      // with the DOCTYPE blanked out (lines kept), so the report gives
      // every other reason too. Nothing is ever loaded.
      without_doctype.assign(doc_bytes);
      for (size_t k = part.dtd_offset - part.offset; k < part.dtd_offset - part.offset + part.dtd_size; ++k) {
        if (without_doctype[k] != '\n') without_doctype[k] = ' ';
      }
      doc_bytes = without_doctype;
    }
    // A bare Finvoice message too large for the arena is read streaming
    // (rows read and freed as they close). Smaller documents are read
    // whole: the schema checked over the tree afterwards took 14 % less
    // CPU than the validator plugged into the parse.
    bool streamed = LocalName(part.root_name) == "Finvoice" && !arena;
    StreamedMessage message;
    ParsedXml xml;
    if (streamed) {
      message = StreamFinvoice(doc_bytes, part.first_line);
      xml.error = std::move(message.parse_error);
      xml.doc = std::move(message.doc);
    } else {
      xml = ParseXml(doc_bytes, part.first_line);
    }
    if (xml.error) {
      pending_frame.reset();  // the broken document stands for the message
      InvoiceReport r = ReportWith(file, dtd_error ? *dtd_error : *xml.error, part.first_line);
      if (dtd_error) r.errors.push_back(*xml.error);
      reports.push_back(std::move(r));
      continue;
    }
    const xmlNode* root = xmlDocGetRootElement(xml.doc.get());
    std::string name = reinterpret_cast<const char*>(root->name);
    std::vector<const xmlNode*> embedded = EmbeddedMessages(root);
    if (!embedded.empty()) {
      // A <Finvoices> batch, or a message inside the SOAP Body: each
      // message is checked as a document of its own (lines kept).
      flush_frame();
      if (dtd_error) reports.push_back(ReportWith(file, *dtd_error, part.first_line));
      for (const xmlNode* message : embedded) {
        XmlDocPtr copy(xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0")));
        xmlNode* copied = xmlDocCopyNode(const_cast<xmlNode*>(message), copy.get(), 1);
        if (!copied) continue;
        xmlDocSetRootElement(copy.get(), copied);
        reports.push_back(ValidateMessage(copy.get(), part.first_line, file));
      }
      continue;
    }
    if (name == "Envelope") {
      flush_frame();
      if (dtd_error) reports.push_back(ReportWith(file, *dtd_error, part.first_line));
      pending_frame = part.first_line;
      continue;
    }
    pending_frame.reset();
    if (name == "Finvoice") {
      InvoiceReport r = streamed ? ValidateStreamed(message, xml.doc.get(), part.first_line, file)
                                 : ValidateMessage(xml.doc.get(), part.first_line, file);
      if (dtd_error) r.errors.insert(r.errors.begin(), *dtd_error);
      reports.push_back(std::move(r));
      continue;
    }
    if (dtd_error) reports.push_back(ReportWith(file, *dtd_error, part.first_line));
    reports.push_back(ReportWith(
        file,
        NoMessage("/" + name, FileLine(root, part.first_line),
                  "Dokumentti ei ole Finvoice-sanoma: juurielementti on " + name + ", odotettiin Finvoice.",
                  "The document is not a Finvoice message: the root element is " + name +
                      ", expected Finvoice."),
        part.first_line));
  }
  flush_frame();
  return reports;
}

std::optional<InvoiceReport> InvoiceValidator::ValidateLoneMessage(std::string_view bytes,
                                                                   const std::string& file) {
  std::optional<DocumentPart> part = LeadingDocument(bytes);
  if (!part || LocalName(part->root_name) != "Finvoice") return std::nullopt;
  std::string_view doc = bytes.substr(part->offset);
  // Not well formed (a second document after this one among the reasons):
  // split and read again, so the report names every part.
  if (part->size <= kArenaDocumentBytes) {
    XmlArenaScope arena;
    ParsedXml xml = ParseXml(doc, part->first_line);
    if (xml.error) return std::nullopt;
    return ValidateMessage(xml.doc.get(), part->first_line, file);
  }
  StreamedMessage message = StreamFinvoice(doc, part->first_line);
  if (message.parse_error) return std::nullopt;
  return ValidateStreamed(message, message.doc.get(), part->first_line, file);
}

InvoiceReport InvoiceValidator::ValidateMessage(xmlDoc* doc, int first_line, const std::string& file) {
  std::vector<InvoiceError> schema = CheckSchema(doc, first_line);
  return Judge(std::move(schema), ExtractInvoiceFields(xmlDocGetRootElement(doc), first_line),
               first_line, file);
}

InvoiceReport InvoiceValidator::ValidateStreamed(StreamedMessage& message, xmlDoc* doc,
                                                 int first_line, const std::string& file) {
  InvoiceFields fields = ExtractInvoiceFields(xmlDocGetRootElement(doc), first_line);
  fields.rows = std::move(message.rows);  // the tree kept none
  return Judge(std::move(message.schema_errors), std::move(fields), first_line, file);
}

InvoiceReport InvoiceValidator::Judge(std::vector<InvoiceError> schema_errors, InvoiceFields fields,
                                      int first_line, const std::string& file) {
  InvoiceReport r;
  r.file = file;
  r.line = first_line;
  r.errors = std::move(schema_errors);
  r.summary = Summarize(fields);
  if (fields.invoice_number.present()) r.invoice_number = fields.invoice_number.value;
  if (auto id = SellerBusinessId(fields)) {
    r.seller = id->str();
  } else if (fields.seller_party_identifier.present()) {
    r.seller = fields.seller_party_identifier.value;
  } else if (fields.seller_tax_code.present()) {
    r.seller = fields.seller_tax_code.value;
  }

  VatFindings vat = CheckVat(fields);
  Append(r.errors, std::move(vat.errors));
  Append(r.warnings, std::move(vat.warnings));

  if (options_.organizer) {
    OrganizerFindings org;
    if (options_.defer_duplicate_check) {
      org = CheckOrganizerUnordered(fields, *options_.organizer);
      r.number_claim = ClaimOfNumber(fields);
    } else {
      org = CheckOrganizer(fields, *options_.organizer, options_.numbers ? *options_.numbers : numbers_);
    }
    Append(r.errors, std::move(org.errors));
    Append(r.warnings, std::move(org.warnings));
  }
  return r;
}

}  // namespace seteli::finvoice
