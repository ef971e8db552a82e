#include "formats/providers_yaml.h"

#include <algorithm>
#include <cctype>

#include "formats/yaml_fields.h"
#include "seteli/business_id.h"
#include "seteli/einvoice_address.h"

namespace seteli::formats {
namespace {

std::vector<PriceStep> ReadPrices(const YamlFields& approval) {
  YAML::Node list = approval.Get("prices");
  if (!list.IsSequence() || list.size() == 0) {
    approval.Fail("prices", "invalid_value", "expected a list of at least one price");
  }
  std::vector<std::pair<PriceStep, YAML::Node>> steps;
  for (const auto& node : list) {
    YamlFields p(approval.file(), node, approval.context() + ".prices");
    p.AllowOnly({"valid_from", "unit_price"});
    steps.push_back({{p.DateField("valid_from"), p.Amount("unit_price")}, node});
  }
  std::stable_sort(steps.begin(), steps.end(), [](const auto& a, const auto& b) {
    return a.first.valid_from < b.first.valid_from;
  });
  std::vector<PriceStep> out;
  for (size_t i = 0; i < steps.size(); ++i) {
    const PriceStep& s = steps[i].first;
    if (i > 0) {
      const PriceStep& prev = steps[i - 1].first;
      if (prev.valid_from == s.valid_from) {
        approval.Fail(steps[i].second, "duplicate_price",
                      approval.context() + ": two prices from " + s.valid_from.ToString());
      }
      if (prev.valid_from.year() == s.valid_from.year() && s.unit_price > prev.unit_price) {
        approval.Fail(steps[i].second, "price_rise",
                      approval.context() + ": the price rises from " + prev.unit_price.ToString() +
                          " to " + s.unit_price.ToString() + " on " + s.valid_from.ToString() +
                          "; within a calendar year a price may only fall");
      }
    }
    out.push_back(s);
  }
  return out;
}

Approval ReadApproval(const YamlFields& f) {
  f.AllowOnly({"service", "municipality", "valid_from", "valid_to", "prices", "cancellation_fee"});
  Approval a;
  a.service = f.Text("service");
  a.municipality = f.Text("municipality");
  YamlFields af(f.file(), f.Node(), f.context() + " approval " + a.service + "/" + a.municipality);
  a.valid_from = af.DateField("valid_from");
  a.valid_to = af.OptionalDate("valid_to");
  if (a.valid_to && *a.valid_to < a.valid_from) {
    af.Fail("valid_to", "invalid_range", "valid_to is before valid_from");
  }
  a.prices = ReadPrices(af);
  a.cancellation_fee = af.OptionalAmount("cancellation_fee");
  return a;
}

// Characters, not bytes: Finvoice's limits count characters.
size_t Characters(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// `key`'s text, refused unless it fits the Finvoice element it goes into:
// a provider record the run could not write into an invoice is refused
// when it is loaded or posted, not when a month's run holds it.
std::string FinvoiceText(const YamlFields& f, const char* key, size_t max) {
  std::string text = f.Text(key);
  size_t n = Characters(text);
  if (n < 2 || n > max) {
    f.Fail(key, "invalid_value",
           std::string(key) + ": '" + text + "' has " + std::to_string(n) +
               " characters; an invoice holds 2 to " + std::to_string(max));
  }
  return text;
}

// A BIC: four letters of the bank, two of the country, two of place, an
// optional three of branch.
bool IsBic(const std::string& s) {
  if (s.size() != 8 && s.size() != 11) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (i < 6 ? !std::isupper(c) : !(std::isupper(c) || std::isdigit(c))) return false;
  }
  return true;
}

Provider ReadProvider(const YamlFields& f) {
  f.AllowOnly({"business_id", "name", "address", "einvoice", "email", "bank", "self_billing", "approvals"});
  Provider p;
  p.business_id = f.Text("business_id");
  if (auto id = BusinessId::Parse(p.business_id); !id.ok()) {
    f.Fail("business_id", "invalid_business_id", id.error().message);
  }
  YamlFields pf(f.file(), f.Node(), "provider " + p.business_id);
  p.name = FinvoiceText(pf, "name", 70);
  if (pf.Has("address")) {
    YamlFields a = pf.Child("address");
    a.AllowOnly({"street", "postcode", "city"});
    p.address = {FinvoiceText(a, "street", 35), FinvoiceText(a, "postcode", 35),
                 FinvoiceText(a, "city", 35)};
  }
  if (pf.Has("einvoice")) {
    YamlFields e = pf.Child("einvoice");
    e.AllowOnly({"address", "operator", "receives_invoice_responses"});
    p.einvoice_address = e.Text("address");
    if (!IsValidEinvoiceAddress(p.einvoice_address)) {
      e.Fail(
          "address", "invalid_einvoice_address",
          "'" + p.einvoice_address + "' is neither an OVT (0037 + business ID digits) nor an IBAN");
    }
    p.einvoice_operator = e.Text("operator");
    if (!IsBic(p.einvoice_operator)) {
      e.Fail("operator", "invalid_value",
             "operator: '" + p.einvoice_operator + "' is not an operator's BIC such as BAWCFI22");
    }
    p.receives_invoice_responses = e.Flag("receives_invoice_responses", false);
  }
  if (pf.Has("email")) p.email = pf.Text("email");
  if (pf.Has("bank")) {
    YamlFields b = pf.Child("bank");
    b.AllowOnly({"iban", "bic"});
    p.iban = b.Text("iban");
    p.bic = b.Text("bic");
    if (!IsValidIban(p.iban)) b.Fail("iban", "invalid_iban", "'" + p.iban + "' is not a valid IBAN");
    if (!IsBic(p.bic))
      b.Fail("bic", "invalid_value", "bic: '" + p.bic + "' is not a BIC such as NDEAFIHH");
  }
  p.self_billing = pf.Flag("self_billing", false);
  if (pf.Has("approvals")) {
    YAML::Node list = pf.Get("approvals");
    if (!list.IsSequence()) pf.Fail("approvals", "invalid_value", "expected a list");
    for (const auto& node : list) {
      p.approvals.push_back(ReadApproval(YamlFields(f.file(), node, pf.context())));
    }
  }
  return p;
}

ProviderRegistry Read(const std::string& text, const std::string& file) {
  YAML::Node root = ParseYaml(text, file);
  if (!root.IsSequence()) {
    throw LoadError{Error{"invalid_value", "the providers file must be a list of providers",
                          file + ":" + std::to_string(root.Mark().line + 1)}};
  }
  ProviderRegistry registry;
  for (const auto& node : root) {
    Provider p = ReadProvider(YamlFields(file, node, "provider"));
    if (registry.Find(p.business_id)) {
      throw LoadError{Error{"duplicate_provider", "provider " + p.business_id + " appears twice",
                            file + ":" + std::to_string(node.Mark().line + 1)}};
    }
    registry.Add(std::move(p));
  }
  return registry;
}

}  // namespace

Result<ProviderRegistry> ParseProviders(const std::string& text, const std::string& file) {
  return LoadYaml(file, [&] { return Read(text, file); });
}

Result<ProviderRegistry> LoadProviders(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.error();
  return ParseProviders(text.value(), path);
}

}  // namespace seteli::formats
