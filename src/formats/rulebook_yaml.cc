#include "formats/rulebook_yaml.h"

#include <set>
#include <string_view>

#include "formats/sha256.h"
#include "formats/yaml_fields.h"
#include "seteli/business_id.h"
#include "seteli/settlement.h"

namespace seteli::formats {
namespace {

std::vector<std::string> TextList(const YamlFields& f, const char* key) {
  std::vector<std::string> out;
  if (!f.Has(key)) return out;
  YAML::Node list = f.Get(key);
  if (!list.IsSequence()) f.Fail(key, "invalid_value", "expected a list");
  for (const auto& item : list) {
    if (!item.IsScalar()) f.Fail(item, "invalid_value", f.context() + ": " + key + ": expected text");
    out.push_back(item.Scalar());
  }
  return out;
}

int MinuteOfDay(const YamlFields& f, const char* key) {
  std::string t = f.Text(key);
  if (t.size() != 5 || t[2] != ':' || !isdigit(t[0]) || !isdigit(t[1]) || !isdigit(t[3]) ||
      !isdigit(t[4])) {
    f.Fail(key, "invalid_value", "expected a time HH:MM, not '" + t + "'");
  }
  int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
  if (h == 24 && m == 0) return 1440;
  if (h > 23 || m > 59) f.Fail(key, "invalid_value", "no such time of day '" + t + "'");
  return h * 60 + m;
}

ValueRule ReadValue(const YamlFields& f) {
  ValueRule v;
  YAML::Node n = f.Get("value");
  if (n.IsScalar()) {
    if (n.Scalar() == "individual") {
      v.kind = ValueRule::Kind::kIndividual;
    } else if (n.Scalar() == "balance") {
      v.kind = ValueRule::Kind::kBalance;
    } else {
      v.kind = ValueRule::Kind::kFixed;
      v.fixed = f.Amount("value");
    }
    return v;
  }
  YamlFields m = f.Child("value");
  if (m.Has("min") || m.Has("max")) {
    m.AllowOnly({"min", "max"});
    v.kind = ValueRule::Kind::kRange;
    v.min = m.Amount("min");
    v.max = m.Amount("max");
    if (v.min > v.max) {
      m.Fail("min", "invalid_range", "min " + v.min.ToString() + " is above max " + v.max.ToString());
    }
    return v;
  }
  m.AllowOnly({"first_resident", "each_further"});
  v.kind = ValueRule::Kind::kPerResident;
  v.first_resident = m.Amount("first_resident");
  v.each_further = m.Amount("each_further");
  return v;
}

Band ReadBand(const YamlFields& f) {
  f.AllowOnly({"service", "days", "from", "to"});
  Band b;
  b.service = f.Text("service");
  std::string days = f.OptionalText("days").value_or("all");
  if (days == "weekdays") {
    b.days = Band::Days::kWeekdays;
  } else if (days == "weekend") {
    b.days = Band::Days::kWeekend;
  } else if (days == "all") {
    b.days = Band::Days::kAll;
  } else {
    f.Fail("days", "invalid_value", "expected weekdays, weekend or all, not '" + days + "'");
  }
  if (f.Has("from") != f.Has("to")) {
    f.Fail(f.Has("from") ? "from" : "to", "invalid_value", "a band needs both from and to, or neither");
  }
  if (f.Has("from")) {
    b.from_minute = MinuteOfDay(f, "from");
    b.to_minute = MinuteOfDay(f, "to");
  }
  return b;
}

ServiceClass ClassNamed(const YamlFields& f, const std::string& name) {
  if (name == "health") return ServiceClass::kHealth;
  if (name == "social") return ServiceClass::kSocial;
  f.Fail("class", "invalid_value",
         "expected health, social or [health, social], not '" + name + "'");
}

// `class: health`, `class: social`, or both as a list (home care is home
// help, social, and home nursing, health); the first listed is the one
// costs are reported under.
void ReadClasses(const YamlFields& f, Service& s) {
  YAML::Node node = f.Get("class");
  if (!node.IsSequence()) {
    s.service_class = ClassNamed(f, f.Text("class"));
    return;
  }
  std::vector<ServiceClass> classes;
  for (const auto& c : node) {
    if (!c.IsScalar()) f.Fail("class", "invalid_value", "expected a list of health and social");
    classes.push_back(ClassNamed(f, c.as<std::string>()));
  }
  if (classes.empty() || classes.size() > 2 || (classes.size() == 2 && classes[0] == classes[1])) {
    f.Fail("class", "invalid_value", "expected health, social or [health, social]");
  }
  s.service_class = classes[0];
  s.both_classes = classes.size() == 2;
}

Service ReadService(const YamlFields& f) {
  f.AllowOnly({"code", "name", "class", "unit", "value", "price_cap", "monthly_voucher_cap",
               "monthly_quantity_cap", "client_free", "weekdays_only", "paid_absence_days",
               "days_from", "bands"});
  Service s;
  s.code = f.Text("code");
  YamlFields sf(f.file(), f.Node(), "service " + s.code);
  s.name = sf.OptionalText("name").value_or(s.code);
  ReadClasses(sf, s);
  std::string unit = sf.Text("unit");
  std::optional<Unit> known = UnitNamed(unit);
  if (!known) sf.Fail("unit", "invalid_value", "expected hour, day, meal, visit or voucher, not '" + unit + "'");
  s.unit = *known;
  s.value = ReadValue(sf);
  s.price_cap = sf.OptionalAmount("price_cap");
  s.monthly_voucher_cap = sf.OptionalAmount("monthly_voucher_cap");
  if (sf.Has("monthly_quantity_cap")) {
    auto q = Quantity::Parse(sf.Text("monthly_quantity_cap"));
    if (!q.ok()) sf.Fail("monthly_quantity_cap", "invalid_value", q.error().message);
    s.monthly_quantity_cap = q.value();
  }
  s.client_free = sf.Flag("client_free", false);
  s.weekdays_only = sf.Flag("weekdays_only", false);
  s.paid_absence_days = sf.Integer("paid_absence_days", 0, 0, 366);
  if (sf.Has("days_from")) {
    if (sf.Text("days_from") != "arrival") {
      sf.Fail("days_from", "invalid_value",
              "expected 'arrival', not '" + sf.Text("days_from") + "'");
    }
    if (s.unit != Unit::kDay)
      sf.Fail("days_from", "invalid_value", "only day services count days from the arrival");
    s.days_from_arrival = true;
  }
  if (sf.Has("bands")) {
    YAML::Node bands = sf.Get("bands");
    if (!bands.IsSequence()) sf.Fail("bands", "invalid_value", "expected a list");
    if (s.unit != Unit::kHour) sf.Fail("bands", "invalid_value", "only hourly services have bands");
    for (const auto& b : bands) s.bands.push_back(ReadBand(YamlFields(f.file(), b, sf.context() + ".bands")));
  }
  return s;
}

Organizer ReadOrganizer(const YamlFields& f) {
  f.AllowOnly({"name", "business_id", "address", "einvoice"});
  Organizer o;
  o.name = f.Text("name");
  o.business_id = f.Text("business_id");
  if (auto id = BusinessId::Parse(o.business_id); !id.ok()) {
    f.Fail("business_id", "invalid_business_id", id.error().message);
  }
  YamlFields a = f.Child("address");
  a.AllowOnly({"street", "postcode", "city"});
  o.address = {a.Text("street"), a.Text("postcode"), a.Text("city")};
  YamlFields e = f.Child("einvoice");
  e.AllowOnly({"address", "operator"});
  o.einvoice_address = e.Text("address");
  o.einvoice_operator = e.Text("operator");
  return o;
}

// Whether a dotted path ("organizer.einvoice.address",
// "services.ateriapalvelu.value") names a node under `at`: map keys, and in
// a list (the services) an item's `code`.
bool HasPath(const YAML::Node& at, std::string_view path) {
  if (path.empty()) return true;
  size_t dot = path.find('.');
  std::string part(path.substr(0, dot));
  std::string_view rest = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  if (part.empty() || (dot != std::string_view::npos && rest.empty())) return false;
  if (at.IsMap()) {
    const YAML::Node child = at[part];  // const: looking up adds no key
    return child && HasPath(child, rest);
  }
  if (!at.IsSequence()) return false;
  for (const auto& item : at) {
    if (item.IsMap() && item["code"] && item["code"].IsScalar() && item["code"].Scalar() == part) {
      return HasPath(item, rest);
    }
  }
  return false;
}

// `unverified: [organizer.business_id, ...]`: the fields whose figures the
// sources do not give. Each must name a field the rulebook has, so that a
// typo does not silence the warning.
std::vector<std::string> ReadUnverified(const YamlFields& f, const YAML::Node& root) {
  std::vector<std::string> out = TextList(f, "unverified");
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i].empty() || !HasPath(root, out[i])) {
      f.Fail(f.Get("unverified")[i], "unknown_field",
             "rulebook: unverified: '" + out[i] + "' names no field of this rulebook");
    }
  }
  return out;
}

// `review_flags:`: the flags whose events wait for finance's review. Only
// the flags settling puts on a line can be named: prior_period and
// cancelled say what a line is, not something to approve.
uint32_t ReviewFlags(const YamlFields& f) {
  static const std::pair<const char*, LineFlag> kReviewable[] = {
      {"late_recording", kLateRecording}, {"monthly_cap", kMonthlyCap},
      {"quantity_cap", kQuantityCap},     {"over_grant", kOverGrant},
      {"over_balance", kOverBalance},
  };
  uint32_t out = 0;
  const std::vector<std::string> names = TextList(f, "review_flags");
  for (size_t i = 0; i < names.size(); ++i) {
    uint32_t bit = 0;
    for (const auto& [name, flag] : kReviewable) {
      if (names[i] == name) bit = flag;
    }
    if (!bit) {
      f.Fail(f.Get("review_flags")[i], "unknown_flag",
             "rulebook: review_flags: '" + names[i] +
                 "' is not one of late_recording, monthly_cap, quantity_cap, over_grant, "
                 "over_balance");
    }
    out |= bit;
  }
  return out;
}

Rulebook Read(const std::string& text, const std::string& file) {
  YAML::Node root = ParseYaml(text, file);
  YamlFields f(file, root, "rulebook");
  f.AllowOnly({"organizer", "year", "version", "recording_deadline_days", "recording_window_days",
               "settlement_day", "exemption_bases", "non_payable_rows", "review_flags", "services",
               "unverified"});
  Rulebook rb;
  rb.organizer = ReadOrganizer(f.Child("organizer"));
  f.Get("year");  // required
  rb.year = f.Integer("year", 0, 1990, 2200);
  rb.recording_deadline_days = f.Integer("recording_deadline_days", 5, 0, 366);
  rb.recording_window_days = f.Integer("recording_window_days", 0, 0, 3660);
  // 28 at most: every month has the day.
  rb.settlement_day = f.Integer("settlement_day", 0, 1, 28);
  if (f.Has("exemption_bases")) {
    YamlFields eb = f.Child("exemption_bases");
    eb.AllowOnly({"health", "social"});
    rb.health_exemption_bases = TextList(eb, "health");
    rb.social_exemption_bases = TextList(eb, "social");
  }
  rb.non_payable_rows = TextList(f, "non_payable_rows");
  rb.review_flags = ReviewFlags(f);
  YAML::Node services = f.Get("services");
  if (!services.IsSequence()) f.Fail("services", "invalid_value", "expected a list of services");
  std::set<std::string> codes;
  for (const auto& node : services) {
    Service s = ReadService(YamlFields(file, node, "service"));
    if (!codes.insert(s.code).second) {
      f.Fail(node, "duplicate_service", "service code '" + s.code + "' appears twice");
    }
    rb.services.push_back(std::move(s));
  }
  // Bands must name services of this rulebook, priced by the hour.
  size_t i = 0;
  for (const auto& node : services) {
    const Service& s = rb.services[i++];
    for (size_t b = 0; b < s.bands.size(); ++b) {
      const Service* band = rb.Find(s.bands[b].service);
      YAML::Node at = node["bands"][b];
      if (!band) {
        f.Fail(at, "unknown_band_service", "service " + s.code + ": band names unknown service '" +
                                               s.bands[b].service + "'");
      }
      if (band->unit != Unit::kHour || band == &s) {
        f.Fail(at, "invalid_value", "service " + s.code + ": band service '" + band->code +
                                        "' must be another hourly service");
      }
    }
  }
  rb.unverified = ReadUnverified(f, root);
  rb.version = f.OptionalText("version").value_or(std::to_string(rb.year) + "-" +
                                                  Sha256Hex(text).substr(0, 12));
  return rb;
}

}  // namespace

Result<Rulebook> ParseRulebook(const std::string& text, const std::string& file) {
  return LoadYaml(file, [&] { return Read(text, file); });
}

Result<Rulebook> LoadRulebook(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.error();
  return ParseRulebook(text.value(), path);
}

}  // namespace seteli::formats
