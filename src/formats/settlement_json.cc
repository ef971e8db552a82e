#include "formats/settlement_json.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Stringifier.h>

#include "formats/json_fields.h"
#include "formats/plain_settlement_line.h"
#include "formats/pretty_json_writer.h"

namespace seteli::formats {
namespace {

Poco::JSON::Object::Ptr NewObject() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

// ,"key": before a value; the first key of an object has no comma.
void Key(std::string& out, const char* key) {
  if (out.back() != '{') out += ',';
  out += '"';
  out += key;
  out += "\":";
}

void Field(std::string& out, const char* key, std::string_view value) {
  Key(out, key);
  AppendJsonString(out, value);
}

void Field(std::string& out, const char* key, int64_t value) {
  Key(out, key);
  out += std::to_string(value);
}

}  // namespace

namespace {

// A line's members in settlement.json's order, each handed to `out` as
// Text(key, value), Number(key, value) or Flags(names): the one list the
// line's three writers share.
template <typename Members>
void LineMembers(const SettlementLine& l, Members& out) {
  out.Text("event_id", l.event_id);
  out.Text("decision_id", l.decision_id);
  out.Text("client", l.client);
  out.Text("provider", l.provider);
  out.Text("service", l.service);
  out.Text("class", ServiceClassName(l.service_class));
  out.Text("municipality", l.municipality);
  out.Text("date", l.date.ToString());
  out.Text("unit", UnitName(l.unit));
  out.Text("quantity", l.quantity.ToString());
  if (l.minutes) {
    out.Number("minutes", *l.minutes);
    out.Text("from", l.from->ToHelsinkiString());
    out.Text("to", l.to->ToHelsinkiString());
  }
  out.Text("unit_price", l.unit_price.ToString());
  out.Text("price", l.price.ToString());
  out.Text("voucher", l.voucher.ToString());
  out.Text("copay", l.copay.ToString());
  out.Flags(FlagNames(l.flags));
  if (l.original_month) out.Text("original_month", l.original_month->ToString());
  if (!l.rulebook_version.empty()) out.Text("rulebook_version", l.rulebook_version);
  if (!l.note.empty()) out.Text("note", l.note);
}

// Into a Poco object.
struct ObjectMembers {
  Poco::JSON::Object::Ptr o;
  void Text(const char* key, const std::string& value) { o->set(key, value); }
  void Number(const char* key, int value) { o->set(key, value); }
  void Flags(const std::vector<std::string>& names) {
    Poco::JSON::Array::Ptr flags = new Poco::JSON::Array;
    for (const std::string& f : names) flags->add(f);
    o->set("flags", flags);
  }
};

// Compact, as Poco's stringify without indentation.
struct CompactMembers {
  std::string& o;
  void Text(const char* key, std::string_view value) { Field(o, key, value); }
  void Number(const char* key, int value) { Field(o, key, value); }
  void Flags(const std::vector<std::string>& names) {
    Key(o, "flags");
    o += '[';
    for (size_t i = 0; i < names.size(); ++i) {
      if (i) o += ',';
      AppendJsonString(o, names[i]);
    }
    o += ']';
  }
};

// Pretty, at the depth of a settlement's lines in settlement.json (the
// layout of PrettyJsonWriter): members at five spaces, flags at six.
struct ElementMembers {
  std::string& o;
  void Key(std::string_view key) {
    o += ",\n     \"";
    o += key;
    o += "\": ";
  }
  void Text(const char* key, std::string_view value) {
    Key(key);
    AppendJsonString(o, value);
  }
  void Number(const char* key, int value) {
    Key(key);
    o += std::to_string(value);
  }
  void Flags(const std::vector<std::string>& names) {
    Key("flags");
    o += "[\n";
    for (size_t i = 0; i < names.size(); ++i) {
      o += i ? ",\n      " : "      ";
      AppendJsonString(o, names[i]);
    }
    o += "\n     ]";
  }
};

}  // namespace

Poco::JSON::Object::Ptr LineJson(const SettlementLine& l) {
  ObjectMembers members{NewObject()};
  LineMembers(l, members);
  return members.o;
}

std::string LineJsonText(const SettlementLine& l) {
  std::string o;
  o.reserve(512);
  o += '{';
  CompactMembers members{o};
  LineMembers(l, members);
  o += '}';
  return o;
}

void AppendLineElement(std::string& out, const SettlementLine& l) {
  const size_t start = out.size();
  out += ",\n    {";
  ElementMembers members{out};
  LineMembers(l, members);
  // The first member has no comma before it.
  out.erase(start + 7, 1);
  out += "\n    }";
}

std::string SettlementHeadJsonText(const Settlement& s, int line_count) {
  std::string o = "{";
  Field(o, "provider", s.provider);
  Field(o, "month", s.month.ToString());
  Field(o, "reference", s.reference);
  Field(o, "price_total", s.price_total.ToString());
  Field(o, "voucher_total", s.voucher_total.ToString());
  Field(o, "copay_total", s.copay_total.ToString());
  Field(o, "line_count", line_count);
  if (!s.unpaid.empty()) {
    Key(o, "unpaid");
    o += '[';
    for (size_t i = 0; i < s.unpaid.size(); ++i) {
      if (i) o += ',';
      std::ostringstream one;
      UnpaidJson(s.unpaid[i])->stringify(one);
      o += one.str();
    }
    o += ']';
  }
  // Last: the store keeps the lines apart and splices them back in here.
  Key(o, "lines");
  o += "[]}";
  return o;
}

Poco::JSON::Object::Ptr SettlementJson(const Settlement& s) {
  auto o = NewObject();
  o->set("provider", s.provider);
  o->set("month", s.month.ToString());
  o->set("reference", s.reference);
  o->set("price_total", s.price_total.ToString());
  o->set("voucher_total", s.voucher_total.ToString());
  o->set("copay_total", s.copay_total.ToString());
  o->set("line_count", static_cast<int>(s.lines.size()));
  if (!s.unpaid.empty()) {
    Poco::JSON::Array::Ptr unpaid = new Poco::JSON::Array;
    for (const UnpaidRemainder& u : s.unpaid) unpaid->add(UnpaidJson(u));
    o->set("unpaid", unpaid);
  }
  Poco::JSON::Array::Ptr lines = new Poco::JSON::Array;
  for (const SettlementLine& l : s.lines) lines->add(LineJson(l));
  o->set("lines", lines);
  return o;
}

Poco::JSON::Object::Ptr UnpaidJson(const UnpaidRemainder& u) {
  auto j = NewObject();
  j->set("event_id", u.event_id);
  j->set("provider", u.provider);
  j->set("service", u.service);
  j->set("date", u.date.ToString());
  j->set("quantity", u.quantity.ToString());
  if (u.minutes) j->set("minutes", *u.minutes);
  j->set("price", u.price.ToString());
  j->set("code", u.code);
  return j;
}

Poco::JSON::Object::Ptr MonthSettlementJson(const MonthSettlement& m) {
  auto o = NewObject();
  o->set("month", m.month.ToString());
  o->set("rulebook_version", m.rulebook_version);
  Poco::JSON::Array::Ptr settlements = new Poco::JSON::Array;
  for (const Settlement& s : m.settlements) settlements->add(SettlementJson(s));
  o->set("settlements", settlements);
  Poco::JSON::Array::Ptr rejected = new Poco::JSON::Array;
  for (const Rejection& r : m.rejected) {
    auto j = NewObject();
    j->set("event_id", r.event_id);
    j->set("code", r.code);
    j->set("message", r.message);
    if (r.line > 0) j->set("line", r.line);
    rejected->add(j);
  }
  o->set("rejected", rejected);
  Poco::JSON::Array::Ptr unpaid = new Poco::JSON::Array;
  for (const UnpaidRemainder& u : m.unpaid) unpaid->add(UnpaidJson(u));
  o->set("unpaid", unpaid);
  Poco::JSON::Array::Ptr balances = new Poco::JSON::Array;
  for (const BalanceStatement& b : m.balances) {
    auto j = NewObject();
    j->set("decision_id", b.decision_id);
    j->set("client", b.client);
    j->set("month", b.month.ToString());
    j->set("opening", b.opening.ToString());
    j->set("accrual", b.accrual.ToString());
    j->set("suspension_days", b.suspension_days);
    j->set("used", b.used.ToString());
    j->set("closing", b.closing.ToString());
    balances->add(j);
  }
  o->set("balances", balances);
  return o;
}

namespace {

void WriteUnpaid(PrettyJsonWriter& w, const UnpaidRemainder& u) {
  w.BeginObject();
  w.Field("event_id", u.event_id);
  w.Field("provider", u.provider);
  w.Field("service", u.service);
  w.Field("date", u.date.ToString());
  w.Field("quantity", u.quantity.ToString());
  if (u.minutes) w.Field("minutes", *u.minutes);
  w.Field("price", u.price.ToString());
  w.Field("code", u.code);
  w.EndObject();
}

// A settlement up to its lines, which follow: the lines array is open.
void WriteSettlementHead(PrettyJsonWriter& w, const Settlement& s, int64_t line_count) {
  w.BeginObject();
  w.Field("provider", s.provider);
  w.Field("month", s.month.ToString());
  w.Field("reference", s.reference);
  w.Field("price_total", s.price_total.ToString());
  w.Field("voucher_total", s.voucher_total.ToString());
  w.Field("copay_total", s.copay_total.ToString());
  w.Field("line_count", line_count);
  if (!s.unpaid.empty()) {
    w.Key("unpaid");
    w.BeginArray();
    for (const UnpaidRemainder& u : s.unpaid) WriteUnpaid(w, u);
    w.EndArray();
  }
  w.Key("lines");
  w.BeginArray();
}

void WriteRejection(PrettyJsonWriter& w, const Rejection& r) {
  w.BeginObject();
  w.Field("event_id", r.event_id);
  w.Field("code", r.code);
  w.Field("message", r.message);
  if (r.line > 0) w.Field("line", r.line);
  w.EndObject();
}

void WriteBalance(PrettyJsonWriter& w, const BalanceStatement& b) {
  w.BeginObject();
  w.Field("decision_id", b.decision_id);
  w.Field("client", b.client);
  w.Field("month", b.month.ToString());
  w.Field("opening", b.opening.ToString());
  w.Field("accrual", b.accrual.ToString());
  w.Field("suspension_days", b.suspension_days);
  w.Field("used", b.used.ToString());
  w.Field("closing", b.closing.ToString());
  w.EndObject();
}

// The array `key` of `items`, each written by `write`.
template <typename T, typename Write>
void WriteArray(PrettyJsonWriter& w, const char* key, const std::vector<T>& items, Write write) {
  w.Key(key);
  w.BeginArray();
  for (const T& item : items) write(w, item);
  w.EndArray();
}

}  // namespace

MonthSettlementStream::MonthSettlementStream(std::ostream& out, YearMonth month,
                                             std::string_view rulebook_version)
    : w_(out) {
  w_.BeginObject();
  w_.Field("month", month.ToString());
  w_.Field("rulebook_version", rulebook_version);
  w_.Key("settlements");
  w_.BeginArray();
}

void MonthSettlementStream::BeginSettlement(const Settlement& head, int64_t line_count) {
  WriteSettlementHead(w_, head, line_count);
}

void MonthSettlementStream::Line(const SettlementLine& line) {
  std::string text;
  AppendLineElement(text, line);
  w_.Elements(text);
}

void MonthSettlementStream::Lines(std::string_view text) { w_.Elements(text); }

void MonthSettlementStream::EndSettlement() {
  w_.EndArray();
  w_.EndObject();
}

void MonthSettlementStream::Finish(const std::vector<Rejection>& rejected,
                                   const std::vector<UnpaidRemainder>& unpaid,
                                   const std::vector<BalanceStatement>& balances) {
  w_.EndArray();
  WriteArray(w_, "rejected", rejected, WriteRejection);
  WriteArray(w_, "unpaid", unpaid, WriteUnpaid);
  WriteArray(w_, "balances", balances, WriteBalance);
  w_.EndObject();
  w_.Finish();
}

void WriteMonthSettlementJson(const MonthSettlement& m, std::ostream& out) {
  MonthSettlementStream stream(out, m.month, m.rulebook_version);
  for (const Settlement& s : m.settlements) {
    stream.BeginSettlement(s, static_cast<int64_t>(s.lines.size()));
    for (const SettlementLine& l : s.lines) stream.Line(l);
    stream.EndSettlement();
  }
  stream.Finish(m.rejected, m.unpaid, m.balances);
}

namespace {

Result<SettlementLine> LineFrom(const JsonFields& f) {
  try {
    SettlementLine l;
    l.event_id = f.Text("event_id");
    l.decision_id = f.Text("decision_id");
    l.client = f.Text("client");
    l.provider = f.OptionalText("provider").value_or("");
    l.service = f.Text("service");
    l.service_class = f.Text("class") == "health" ? ServiceClass::kHealth : ServiceClass::kSocial;
    l.municipality = f.Text("municipality");
    l.date = f.DateField("date");
    l.unit = UnitNamed(f.Text("unit")).value_or(l.unit);
    std::string q = f.Decimal("quantity");
    bool negative = !q.empty() && q[0] == '-';
    auto quantity = Quantity::Parse(negative ? q.substr(1) : q);
    if (!quantity.ok()) JsonFields::Fail("invalid_quantity", quantity.error().message);
    l.quantity = Quantity::FromMilli(negative ? -quantity.value().milli() : quantity.value().milli());
    if (f.Has("minutes")) {
      l.minutes = f.Integer("minutes", 0, -100000, 100000);
      l.from = f.Time("from");
      l.to = f.Time("to");
    }
    auto amount = [&](const char* key) {
      auto m = Money::Parse(f.Decimal(key));
      if (!m.ok()) JsonFields::Fail("invalid_amount", m.error().message);
      return m.value();
    };
    l.unit_price = amount("unit_price");
    l.price = amount("price");
    l.voucher = amount("voucher");
    l.copay = amount("copay");
    l.flags = 0;
    for (const std::string& name : f.TextList("flags")) l.flags |= FlagNamed(name);
    if (f.Has("original_month")) {
      auto m = YearMonth::Parse(f.Text("original_month"));
      if (!m.ok()) JsonFields::Fail("invalid_month", m.error().message);
      l.original_month = m.value();
    }
    l.rulebook_version = f.OptionalText("rulebook_version").value_or("");
    l.note = f.OptionalText("note").value_or("");
    return l;
  } catch (const FieldError& e) {
    return Error{e.code, "settlement line: " + e.message};
  }
}

}  // namespace

Result<SettlementLine> ParseLineJson(std::string_view json) {
  SettlementLine plain;
  if (ScanPlainSettlementLine(json, plain)) return plain;
  try {
    return LineFrom(JsonFields(ParseJsonObject(json)));
  } catch (const FieldError& e) {
    return Error{e.code, "settlement line: " + e.message};
  }
}

namespace {

UnpaidRemainder UnpaidFrom(const JsonFields& f) {
  UnpaidRemainder u;
  u.event_id = f.Text("event_id");
  u.provider = f.Text("provider");
  u.service = f.Text("service");
  u.date = f.DateField("date");
  u.quantity = f.QuantityField("quantity");
  if (f.Has("minutes")) u.minutes = f.Integer("minutes", 0, 0, 1 << 30);
  u.price = f.Amount("price");
  u.code = f.Text("code");
  return u;
}

}  // namespace

Result<Settlement> ParseSettlementJson(std::string_view json) {
  try {
    JsonFields f(ParseJsonObject(json));
    Settlement s;
    s.provider = f.Text("provider");
    auto month = YearMonth::Parse(f.Text("month"));
    if (!month.ok()) return month.error();
    s.month = month.value();
    s.reference = f.Text("reference");
    s.price_total = Money::Parse(f.Decimal("price_total")).value();  // credits only: negative
    s.voucher_total = Money::Parse(f.Decimal("voucher_total")).value();
    s.copay_total = Money::Parse(f.Decimal("copay_total")).value();
    for (const JsonFields& l : f.Children("lines")) {
      auto line = LineFrom(l);
      if (!line.ok()) return line.error();
      s.lines.push_back(std::move(line.value()));
    }
    for (const JsonFields& u : f.Children("unpaid")) s.unpaid.push_back(UnpaidFrom(u));
    return s;
  } catch (const FieldError& e) {
    return Error{e.code, "settlement: " + e.message};
  } catch (const std::exception& e) {
    return Error{"invalid_amount", std::string("settlement: ") + e.what()};
  }
}

void WriteJson(const Poco::JSON::Object::Ptr& obj, std::ostream& out) {
  obj->stringify(out, 1);
  out << "\n";
}

}  // namespace seteli::formats
