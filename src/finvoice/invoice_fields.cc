#include "finvoice/invoice_fields.h"

#include <cstring>

#include "finvoice/xml_reader.h"

namespace seteli::finvoice {
namespace {

bool IsSpaceByte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpaceByte(s[b])) ++b;
  while (e > b && IsSpaceByte(s[e - 1])) --e;
  return s.substr(b, e - b);
}

bool Named(const xmlNode* n, const char* name) {
  return n && n->type == XML_ELEMENT_NODE && n->name &&
         std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

const xmlNode* Child(const xmlNode* parent, const char* name) {
  if (!parent) return nullptr;
  for (const xmlNode* c = parent->children; c; c = c->next) {
    if (Named(c, name)) return c;
  }
  return nullptr;
}

std::vector<const xmlNode*> Children(const xmlNode* parent, const char* name) {
  std::vector<const xmlNode*> out;
  if (!parent) return out;
  for (const xmlNode* c = parent->children; c; c = c->next) {
    if (Named(c, name)) out.push_back(c);
  }
  return out;
}

std::string Text(const xmlNode* n) {
  xmlChar* content = xmlNodeGetContent(n);
  if (!content) return "";
  std::string s(reinterpret_cast<const char*>(content));
  xmlFree(content);
  return Trim(s);
}

std::string Attribute(const xmlNode* n, const char* name) {
  if (!n) return "";
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!v) return "";
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return Trim(s);
}

class Reader {
 public:
  Reader(int first_line, const xmlNode* root) : first_line_(first_line), root_(root) {}

  // The field `name` under `parent`, whose path is `parent_path`. A missing
  // element gets the line of its parent (or of the root).
  Field Read(const xmlNode* parent, const std::string& parent_path, const char* name) const {
    Field f = FromNode(Child(parent, name), parent_path + "/" + name);
    if (!f.exists) f.line = Line(parent ? parent : root_);
    return f;
  }

  Field FromNode(const xmlNode* n, std::string path) const {
    Field f;
    f.path = std::move(path);
    if (n) {
      f.exists = true;
      f.value = Text(n);
      f.line = FileLine(n, first_line_);
    }
    return f;
  }

  std::vector<Field> ReadAll(const xmlNode* parent, const std::string& parent_path,
                             const char* name) const {
    std::vector<Field> out;
    auto nodes = Children(parent, name);
    for (size_t i = 0; i < nodes.size(); ++i) {
      std::string path = parent_path + "/" + name;
      if (nodes.size() > 1) path += "[" + std::to_string(i + 1) + "]";
      out.push_back(FromNode(nodes[i], path));
    }
    return out;
  }

  int Line(const xmlNode* n) const { return FileLine(n, first_line_); }

 private:
  int first_line_;
  const xmlNode* root_;
};

// The first earlier-invoice reference under `parent` (InvoiceDetails or an
// InvoiceRow), in the forms the versions of Finvoice use.
Field FindOriginal(const Reader& r, const xmlNode* parent, const std::string& path) {
  Field f = r.Read(parent, path, "OriginalInvoiceNumber");
  if (f.present()) return f;
  for (const xmlNode* ref : Children(parent, "OriginalInvoiceReference")) {
    Field n = r.Read(ref, path + "/OriginalInvoiceReference", "InvoiceNumber");
    if (n.present()) return n;
  }
  Field row = r.Read(parent, path, "RowOriginalInvoiceIdentifier");
  if (row.present()) return row;
  return Field{};
}

}  // namespace

InvoiceFields ExtractInvoiceFields(const xmlNode* root, int first_line) {
  Reader r(first_line, root);
  InvoiceFields f;
  const std::string top = "/Finvoice";
  f.version = Attribute(root, "Version");
  f.line = r.Line(root);

  const std::string sp = top + "/SellerPartyDetails";
  const xmlNode* seller = Child(root, "SellerPartyDetails");
  f.seller_party_identifier = r.Read(seller, sp, "SellerPartyIdentifier");
  f.seller_tax_code = r.Read(seller, sp, "SellerOrganisationTaxCode");
  f.seller_name = r.Read(seller, sp, "SellerOrganisationName");
  const std::string sa = sp + "/SellerPostalAddressDetails";
  const xmlNode* seller_address = Child(seller, "SellerPostalAddressDetails");
  f.seller_street = r.Read(seller_address, sa, "SellerStreetName");
  f.seller_town = r.Read(seller_address, sa, "SellerTownName");
  f.seller_postcode = r.Read(seller_address, sa, "SellerPostCodeIdentifier");
  f.seller_po_box = r.Read(seller_address, sa, "SellerPostOfficeBoxIdentifier");

  const std::string bp = top + "/BuyerPartyDetails";
  const xmlNode* buyer = Child(root, "BuyerPartyDetails");
  f.buyer_party_identifier = r.Read(buyer, bp, "BuyerPartyIdentifier");
  f.buyer_tax_code = r.Read(buyer, bp, "BuyerOrganisationTaxCode");
  f.buyer_name = r.Read(buyer, bp, "BuyerOrganisationName");
  const std::string ba = bp + "/BuyerPostalAddressDetails";
  const xmlNode* buyer_address = Child(buyer, "BuyerPostalAddressDetails");
  f.buyer_street = r.Read(buyer_address, ba, "BuyerStreetName");
  f.buyer_town = r.Read(buyer_address, ba, "BuyerTownName");
  f.buyer_postcode = r.Read(buyer_address, ba, "BuyerPostCodeIdentifier");
  f.buyer_po_box = r.Read(buyer_address, ba, "BuyerPostOfficeBoxIdentifier");

  const std::string id = top + "/InvoiceDetails";
  const xmlNode* details = Child(root, "InvoiceDetails");
  f.type_code = r.Read(details, id, "InvoiceTypeCode");
  f.type_code_un = r.Read(details, id, "InvoiceTypeCodeUN");
  f.invoice_number = r.Read(details, id, "InvoiceNumber");
  f.invoice_date = r.Read(details, id, "InvoiceDate");
  f.total_vat_included = r.Read(details, id, "InvoiceTotalVatIncludedAmount");
  f.total_vat_amount = r.Read(details, id, "InvoiceTotalVatAmount");
  f.original_invoice = FindOriginal(r, details, id);
  f.invoice_vat_free_text = r.Read(details, id, "InvoiceVatFreeText");
  f.invoice_free_texts = r.ReadAll(details, id, "InvoiceFreeText");
  auto specs = Children(details, "VatSpecificationDetails");
  for (size_t i = 0; i < specs.size(); ++i) {
    VatSpecification v;
    v.path = id + "/VatSpecificationDetails[" + std::to_string(i + 1) + "]";
    v.rate_percent = r.Read(specs[i], v.path, "VatRatePercent");
    v.code = r.Read(specs[i], v.path, "VatCode");
    v.rate_amount = r.Read(specs[i], v.path, "VatRateAmount");
    v.exemption_reason_code = r.Read(specs[i], v.path, "VatExemptionReasonCode");
    v.free_texts = r.ReadAll(specs[i], v.path, "VatFreeText");
    f.vat_specifications.push_back(std::move(v));
  }

  auto rows = Children(root, "InvoiceRow");
  for (size_t i = 0; i < rows.size(); ++i) {
    InvoiceRowFields row;
    row.index = static_cast<int>(i + 1);
    row.path = top + "/InvoiceRow[" + std::to_string(i + 1) + "]";
    row.line = r.Line(rows[i]);
    row.article_identifier = r.Read(rows[i], row.path, "ArticleIdentifier");
    row.article_name = r.Read(rows[i], row.path, "ArticleName");
    row.free_texts = r.ReadAll(rows[i], row.path, "RowFreeText");
    row.vat_rate_percent = r.Read(rows[i], row.path, "RowVatRatePercent");
    row.vat_code = r.Read(rows[i], row.path, "RowVatCode");
    row.vat_amount = r.Read(rows[i], row.path, "RowVatAmount");
    row.amount = r.Read(rows[i], row.path, "RowAmount");
    row.references_original = FindOriginal(r, rows[i], row.path).present();
    f.rows.push_back(std::move(row));
  }

  const std::string ep = top + "/EpiDetails/EpiPaymentInstructionDetails";
  const xmlNode* instruction = Child(Child(root, "EpiDetails"), "EpiPaymentInstructionDetails");
  f.remittance_info = r.Read(instruction, ep, "EpiRemittanceInfoIdentifier");
  f.remittance_scheme = Attribute(Child(instruction, "EpiRemittanceInfoIdentifier"),
                                  "IdentificationSchemeName");
  f.instructed_amount = r.Read(instruction, ep, "EpiInstructedAmount");
  return f;
}

Result<Money> ParseFinvoiceAmount(const std::string& text) {
  std::string s = Trim(text);
  for (char& c : s) {
    if (c == ',') c = '.';
  }
  if (!s.empty() && s[0] == '+') s.erase(0, 1);
  // Finvoice allows more decimals than cents only as trailing zeros.
  size_t dot = s.find('.');
  if (dot != std::string::npos) {
    while (s.size() > dot + 3 && s.back() == '0') s.pop_back();
  }
  Result<Money> m = Money::Parse(s);
  if (!m.ok()) {
    return Error{"invalid_amount", "'" + text + "' is not an amount of money", ""};
  }
  return m;
}

bool IsNonZeroNumber(const std::string& text) {
  std::string s = Trim(text);
  bool digit = false;
  for (char c : s) {
    if (c >= '1' && c <= '9') return true;
    if (c == '0') {
      digit = true;
    } else if (c != ',' && c != '.' && c != '-' && c != '+') {
      return true;
    }
  }
  return !digit && !s.empty();
}

}  // namespace seteli::finvoice
