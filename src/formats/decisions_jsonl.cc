#include "formats/decisions_jsonl.h"

#include <cctype>

#include "formats/json_fields.h"
#include "formats/json_lines.h"
#include "formats/yaml_fields.h"

namespace seteli::formats {
namespace {


void CheckValue(const Decision& d, const Service& s) {
  switch (s.value.kind) {
    case ValueRule::Kind::kRange:
      if (!d.voucher_value) {
        JsonFields::Fail("missing_field", "service " + s.code +
                                              " takes its value from the decision: voucher_value is required");
      }
      if (*d.voucher_value < s.value.min || *d.voucher_value > s.value.max) {
        JsonFields::Fail("value_out_of_range", "voucher_value " + d.voucher_value->ToString() +
                                                   " is outside " + s.value.min.ToString() + "-" +
                                                   s.value.max.ToString() + " of " + s.code);
      }
      break;
    case ValueRule::Kind::kIndividual:
      if (!d.voucher_value) {
        JsonFields::Fail("missing_field", "service " + s.code +
                                              " has an individual value: voucher_value is required");
      }
      break;
    case ValueRule::Kind::kBalance:
      if (!d.balance) {
        JsonFields::Fail("missing_field", "service " + s.code + " is paid from a balance: balance is required");
      }
      break;
    default: break;
  }
}

// granted.months: {"2024-12": "6", ...}, a month's own quantity.
std::map<YearMonth, Quantity> ReadGrantedMonths(const JsonFields& months) {
  std::map<YearMonth, Quantity> out;
  for (const std::string& key : months.Keys()) {
    auto m = YearMonth::Parse(key);
    if (!m.ok()) JsonFields::Fail("invalid_month", "granted.months: '" + key + "' is not YYYY-MM");
    out[m.value()] = months.QuantityField(key.c_str());
  }
  return out;
}

Decision Read(const JsonFields& f, const Rulebook& rb) {
  f.AllowOnly({"decision_id", "client", "service", "services", "municipality", "valid_from",
               "valid_to", "providers", "voucher_value", "residents", "granted", "balance",
               "suspensions", "monthly_voucher_cap"});
  Decision d;
  d.id = f.Text("decision_id");
  d.client = f.Text("client");
  if (LooksLikePersonalIdentityCode(d.client)) {
    JsonFields::Fail("personal_identity_code",
                     "client must be a pseudonymous ID, not a personal identity code");
  }
  if (f.Has("service") == f.Has("services")) {
    JsonFields::Fail("missing_field", "give either 'service' or 'services'");
  }
  d.services = f.Has("service") ? std::vector<std::string>{f.Text("service")} : f.TextList("services");
  d.municipality = f.Text("municipality");
  d.validity.from = f.DateField("valid_from");
  d.validity.to = f.OptionalDate("valid_to");
  if (d.validity.to && *d.validity.to < d.validity.from) {
    JsonFields::Fail("invalid_range", "valid_to is before valid_from");
  }
  d.providers = f.TextList("providers");
  d.voucher_value = f.OptionalAmount("voucher_value");
  d.residents = f.Integer("residents", 1, 1, 50);
  if (auto g = f.Child("granted")) {
    g->AllowOnly({"quantity", "per", "months"});
    if (g->OptionalText("per").value_or("month") != "month") {
      JsonFields::Fail("invalid_value", "granted.per must be 'month'");
    }
    d.granted_per_month = g->QuantityField("quantity");
    if (auto months = g->Child("months")) d.granted_months = ReadGrantedMonths(*months);
  }
  d.monthly_voucher_cap = f.OptionalAmount("monthly_voucher_cap");
  if (auto b = f.Child("balance")) {
    b->AllowOnly({"opening", "accrual", "per"});
    if (b->OptionalText("per").value_or("month") != "month") {
      JsonFields::Fail("invalid_value", "balance.per must be 'month'");
    }
    d.balance = BalancePlan{b->OptionalAmount("opening").value_or(Money()),
                            b->OptionalAmount("accrual").value_or(Money())};
  }
  for (const JsonFields& s : f.Children("suspensions")) {
    s.AllowOnly({"from", "to"});
    d.suspensions.push_back({s.DateField("from"), s.OptionalDate("to")});
  }
  for (const std::string& code : d.services) {
    const Service* s = rb.Find(code);
    if (!s) JsonFields::Fail("unknown_service", "no service '" + code + "' in the rulebook");
    CheckValue(d, *s);
  }
  return d;
}

}  // namespace

bool LooksLikePersonalIdentityCode(std::string_view text) {
  // Normalised first (spaces dropped, letters upper case), then searched
  // for anywhere, so that " 010203-123a" or "FI010203-123A" is caught too.
  std::string t;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isspace(u)) t += static_cast<char>(std::toupper(u));
  }
  // DDMMYY, a century sign, three digits and a check character.
  const std::string_view signs = "+-ABCDEFUVWXY";
  for (size_t at = 0; at + 11 <= t.size(); ++at) {
    bool digits = true;
    for (size_t i : {0, 1, 2, 3, 4, 5, 7, 8, 9}) {
      digits = digits && std::isdigit(static_cast<unsigned char>(t[at + i]));
    }
    if (digits && signs.find(t[at + 6]) != std::string_view::npos &&
        std::isalnum(static_cast<unsigned char>(t[at + 10]))) {
      return true;
    }
  }
  return false;
}

Result<Decision> ParseDecisionJson(std::string_view json, const Rulebook& rulebook,
                                   const std::string& where) {
  try {
    return Read(JsonFields(ParseJsonObject(json)), rulebook);
  } catch (const FieldError& e) {
    return Error{e.code, e.message, where};
  }
}

Result<DecisionBook> ParseDecisions(const std::string& text, const std::string& file,
                                    const Rulebook& rulebook) {
  DecisionBook book;
  std::optional<Error> error;
  ForEachJsonLine(text, [&](std::string_view row, int line) {
    std::string where = file + ":" + std::to_string(line);
    auto d = ParseDecisionJson(row, rulebook, where);
    if (!d.ok()) {
      error = d.error();
    } else if (book.Find(d.value().id)) {
      error = Error{"duplicate_decision", "decision " + d.value().id + " appears twice", where};
    } else {
      book.Add(std::move(d.value()));
    }
    return !error;
  });
  if (error) return *error;
  return book;
}

Result<DecisionBook> LoadDecisions(const std::string& path, const Rulebook& rulebook) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.error();
  return ParseDecisions(text.value(), path, rulebook);
}

}  // namespace seteli::formats
