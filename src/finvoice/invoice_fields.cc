#include "finvoice/invoice_fields.h"

#include <cstring>
#include <initializer_list>
#include <string_view>

#include "finvoice/xml_reader.h"

namespace seteli::finvoice {
namespace {

bool IsSpaceByte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view TrimView(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpaceByte(s[b])) ++b;
  while (e > b && IsSpaceByte(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::string Trim(const std::string& s) { return std::string(TrimView(s)); }

bool IsElement(const xmlNode* n) { return n && n->type == XML_ELEMENT_NODE && n->name; }

bool Named(const xmlNode* n, const char* name) {
  return IsElement(n) && std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0;
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

// The element's text content, trimmed. The usual element holds one text
// node, read in place; anything else goes through xmlNodeGetContent.
std::string Text(const xmlNode* n) {
  const xmlNode* c = n->children;
  if (!c) return "";
  if (!c->next && c->type == XML_TEXT_NODE && c->content) {
    return std::string(TrimView(reinterpret_cast<const char*>(c->content)));
  }
  xmlChar* content = xmlNodeGetContent(n);
  if (!content) return "";
  std::string s(TrimView(reinterpret_cast<const char*>(content)));
  xmlFree(content);
  return s;
}

std::string Attribute(const xmlNode* n, const char* name) {
  if (!n) return "";
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!v) return "";
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return Trim(s);
}

using PathPtr = std::shared_ptr<const std::string>;

// What to read from a parent element's children: a single field (the first
// element of the name) or every element of the name.
struct Wanted {
  const char* name;
  Field* one = nullptr;
  std::vector<Field>* all = nullptr;
};

class Reader {
 public:
  Reader(int first_line, const xmlNode* root) : first_line_(first_line), root_(root) {}

  // Fills `wanted` from the children of `parent` (whose path is `path`) in
  // one pass. A missing element gets the line of its parent (or of the
  // root); a name that occurs several times in `all` gets positions.
  void Read(const xmlNode* parent, const PathPtr& path, std::initializer_list<Wanted> wanted) const {
    for (const Wanted& w : wanted) {
      Field* f = w.one;
      if (!f) continue;
      f->parent_path = path;
      f->name = w.name;
    }
    if (parent) {
      for (const xmlNode* c = parent->children; c; c = c->next) {
        if (!IsElement(c)) continue;
        const char* name = reinterpret_cast<const char*>(c->name);
        for (const Wanted& w : wanted) {
          if (name[0] != w.name[0] || std::strcmp(name, w.name) != 0) continue;
          Field* f = w.one;
          if (w.all) {
            f = &w.all->emplace_back();
            f->parent_path = path;
            f->name = w.name;
          } else if (f->exists) {
            break;  // the first of the name counts
          }
          f->exists = true;
          f->value = Text(c);
          f->line = Line(c);
          break;
        }
      }
    }
    for (const Wanted& w : wanted) {
      if (w.one && !w.one->exists) w.one->line = Line(parent ? parent : root_);
      if (w.all && w.all->size() > 1) {
        for (size_t i = 0; i < w.all->size(); ++i) (*w.all)[i].position = static_cast<int>(i + 1);
      }
    }
  }

  int Line(const xmlNode* n) const { return FileLine(n, first_line_); }

 private:
  int first_line_;
  const xmlNode* root_;
};

PathPtr MakePath(std::string path) { return std::make_shared<const std::string>(std::move(path)); }

// The first earlier-invoice reference under `parent` (InvoiceDetails or an
// InvoiceRow), in the forms the versions of Finvoice use.
Field FindOriginal(const Reader& r, const xmlNode* parent, const PathPtr& path) {
  Field number, row_identifier;
  r.Read(parent, path, {{"OriginalInvoiceNumber", &number}, {"RowOriginalInvoiceIdentifier", &row_identifier}});
  if (number.present()) return number;
  std::vector<const xmlNode*> refs = Children(parent, "OriginalInvoiceReference");
  if (!refs.empty()) {
    PathPtr ref_path = MakePath(*path + "/OriginalInvoiceReference");
    for (const xmlNode* ref : refs) {
      Field n;
      r.Read(ref, ref_path, {{"InvoiceNumber", &n}});
      if (n.present()) return n;
    }
  }
  if (row_identifier.present()) return row_identifier;
  return Field{};
}

// The payee account of the payment instruction and the seller's own
// account list: the organizer pays only into the provider's registered one.
void ReadAccounts(const Reader& r, const xmlNode* root, InvoiceFields& f) {
  PathPtr bp = MakePath("/Finvoice/EpiDetails/EpiPartyDetails/EpiBeneficiaryPartyDetails");
  const xmlNode* beneficiary =
      Child(Child(Child(root, "EpiDetails"), "EpiPartyDetails"), "EpiBeneficiaryPartyDetails");
  r.Read(beneficiary, bp, {{"EpiAccountID", &f.payee_account}});
  const xmlNode* info = Child(root, "SellerInformationDetails");
  std::vector<const xmlNode*> accounts = Children(info, "SellerAccountDetails");
  for (size_t i = 0; i < accounts.size(); ++i) {
    PathPtr ap = MakePath("/Finvoice/SellerInformationDetails/SellerAccountDetails[" +
                          std::to_string(i + 1) + "]");
    r.Read(accounts[i], ap, {{"SellerAccountID", &f.seller_accounts.emplace_back()}});
  }
}

}  // namespace

std::string Field::path() const {
  if (!name) return "";
  std::string p = parent_path ? *parent_path : std::string();
  p += '/';
  p += name;
  if (position > 0) p += "[" + std::to_string(position) + "]";
  return p;
}

std::string Field::element() const {
  std::string p = path();
  return p.substr(p.rfind('/') + 1);
}

InvoiceFields ExtractInvoiceFields(const xmlNode* root, int first_line) {
  Reader r(first_line, root);
  InvoiceFields f;
  f.version = Attribute(root, "Version");
  f.line = r.Line(root);

  PathPtr sp = MakePath("/Finvoice/SellerPartyDetails");
  const xmlNode* seller = Child(root, "SellerPartyDetails");
  r.Read(seller, sp, {{"SellerPartyIdentifier", &f.seller_party_identifier},
                      {"SellerOrganisationTaxCode", &f.seller_tax_code},
                      {"SellerOrganisationName", &f.seller_name}});
  PathPtr sa = MakePath(*sp + "/SellerPostalAddressDetails");
  r.Read(Child(seller, "SellerPostalAddressDetails"), sa,
         {{"SellerStreetName", &f.seller_street},
          {"SellerTownName", &f.seller_town},
          {"SellerPostCodeIdentifier", &f.seller_postcode},
          {"SellerPostOfficeBoxIdentifier", &f.seller_po_box}});

  PathPtr bp = MakePath("/Finvoice/BuyerPartyDetails");
  const xmlNode* buyer = Child(root, "BuyerPartyDetails");
  r.Read(buyer, bp, {{"BuyerPartyIdentifier", &f.buyer_party_identifier},
                     {"BuyerOrganisationTaxCode", &f.buyer_tax_code},
                     {"BuyerOrganisationName", &f.buyer_name}});
  PathPtr ba = MakePath(*bp + "/BuyerPostalAddressDetails");
  r.Read(Child(buyer, "BuyerPostalAddressDetails"), ba,
         {{"BuyerStreetName", &f.buyer_street},
          {"BuyerTownName", &f.buyer_town},
          {"BuyerPostCodeIdentifier", &f.buyer_postcode},
          {"BuyerPostOfficeBoxIdentifier", &f.buyer_po_box}});

  PathPtr id = MakePath("/Finvoice/InvoiceDetails");
  const xmlNode* details = Child(root, "InvoiceDetails");
  r.Read(details, id, {{"InvoiceTypeCode", &f.type_code},
                       {"InvoiceTypeCodeUN", &f.type_code_un},
                       {"InvoiceNumber", &f.invoice_number},
                       {"InvoiceDate", &f.invoice_date},
                       {"InvoiceTotalVatIncludedAmount", &f.total_vat_included},
                       {"InvoiceTotalVatAmount", &f.total_vat_amount},
                       {"InvoiceVatFreeText", &f.invoice_vat_free_text},
                       {"InvoiceFreeText", nullptr, &f.invoice_free_texts}});
  f.original_invoice = FindOriginal(r, details, id);
  std::vector<const xmlNode*> specs = Children(details, "VatSpecificationDetails");
  for (size_t i = 0; i < specs.size(); ++i) {
    VatSpecification v;
    v.path = *id + "/VatSpecificationDetails[" + std::to_string(i + 1) + "]";
    PathPtr vp = MakePath(v.path);
    r.Read(specs[i], vp, {{"VatRatePercent", &v.rate_percent},
                          {"VatCode", &v.code},
                          {"VatRateAmount", &v.rate_amount},
                          {"VatExemptionReasonCode", &v.exemption_reason_code},
                          {"VatFreeText", nullptr, &v.free_texts}});
    f.vat_specifications.push_back(std::move(v));
  }

  for (const xmlNode* c = root ? root->children : nullptr; c; c = c->next) {
    if (Named(c, "InvoiceRow"))
      f.rows.push_back(ExtractInvoiceRow(c, static_cast<int>(f.rows.size()) + 1, first_line));
  }

  PathPtr ep = MakePath("/Finvoice/EpiDetails/EpiPaymentInstructionDetails");
  const xmlNode* instruction = Child(Child(root, "EpiDetails"), "EpiPaymentInstructionDetails");
  r.Read(instruction, ep,
         {{"EpiRemittanceInfoIdentifier", &f.remittance_info},
          {"EpiInstructedAmount", &f.instructed_amount},
          {"EpiDateOptionDate", &f.payment_date}});
  f.remittance_scheme = Attribute(Child(instruction, "EpiRemittanceInfoIdentifier"),
                                  "IdentificationSchemeName");
  ReadAccounts(r, root, f);
  return f;
}

InvoiceRowFields ExtractInvoiceRow(const xmlNode* c, int index, int first_line) {
  Reader r(first_line, c);
  InvoiceRowFields row;
  row.index = index;
  row.path = "/Finvoice/InvoiceRow[" + std::to_string(row.index) + "]";
  row.line = r.Line(c);
  PathPtr rp = MakePath(row.path);
  Field original_number, original_row_identifier;
  bool original_reference = false;
  r.Read(c, rp,
         {{"ArticleIdentifier", &row.article_identifier},
          {"ArticleName", &row.article_name},
          {"RowFreeText", nullptr, &row.free_texts},
          {"RowVatRatePercent", &row.vat_rate_percent},
          {"RowVatCode", &row.vat_code},
          {"RowVatAmount", &row.vat_amount},
          {"RowAmount", &row.amount},
          {"OriginalInvoiceNumber", &original_number},
          {"RowOriginalInvoiceIdentifier", &original_row_identifier}});
  if (!original_number.present() && !original_row_identifier.present()) {
    original_reference = Child(c, "OriginalInvoiceReference") != nullptr;
  }
  row.references_original = original_number.present() || original_row_identifier.present() ||
                            (original_reference && FindOriginal(r, c, rp).present());
  return row;
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
