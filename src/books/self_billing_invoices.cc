#include "books/self_billing_invoices.h"

#include <algorithm>
#include <optional>
#include <string_view>

namespace seteli::books {
namespace {

constexpr char kSelfBillingInvoice[] = "self_billing_invoice";

// The text of the first <name ...>text</name> in `xml`. The documents are
// the run's own, written by outbound::XmlWriter: no comments, CDATA or
// namespace prefixes on these elements.
std::optional<std::string> ElementText(std::string_view xml, std::string_view name) {
  std::string open = "<" + std::string(name);
  for (size_t at = xml.find(open); at != std::string_view::npos; at = xml.find(open, at + 1)) {
    size_t after = at + open.size();
    if (after >= xml.size() || (xml[after] != '>' && xml[after] != ' ')) continue;
    size_t start = xml.find('>', after);
    if (start == std::string_view::npos || xml[start - 1] == '/') return std::nullopt;
    size_t end = xml.find('<', start + 1);
    if (end == std::string_view::npos) return std::nullopt;
    return std::string(xml.substr(start + 1, end - start - 1));
  }
  return std::nullopt;
}

// Finvoice dates are CCYYMMDD.
std::optional<Date> DateIn(std::string_view xml, std::string_view name) {
  auto text = ElementText(xml, name);
  if (!text || text->size() != 8) return std::nullopt;
  auto d = Date::Parse(text->substr(0, 4) + "-" + text->substr(4, 2) + "-" + text->substr(6, 2));
  return d.ok() ? std::optional<Date>(d.value()) : std::nullopt;
}

// Finvoice amounts have a decimal comma ("1088,36").
std::optional<Money> AmountIn(std::string_view xml, std::string_view name) {
  auto text = ElementText(xml, name);
  if (!text) return std::nullopt;
  std::replace(text->begin(), text->end(), ',', '.');
  auto m = Money::Parse(*text);
  return m.ok() ? std::optional<Money>(m.value()) : std::nullopt;
}

}  // namespace

exports::IssuedInvoice IssuedInvoiceOf(const store::OutboxMessage& m) {
  exports::IssuedInvoice i;
  i.provider = m.provider;
  i.number = m.subject;
  i.date = DateIn(m.body, "InvoiceDate").value_or(Date{});
  i.due_date = DateIn(m.body, "InvoiceDueDate");
  i.total = AmountIn(m.body, "InvoiceTotalVatIncludedAmount");
  return i;
}

Result<std::vector<exports::IssuedInvoice>> LoadSelfBillingInvoices(store::OutboxStore& store,
                                                                    YearMonth month) {
  const std::string m = month.ToString();
  std::vector<exports::IssuedInvoice> out;
  for (const char* state : {store::kOutboxQueued, store::kOutboxSent, store::kOutboxFailed}) {
    auto messages = store.ListOutbox(state);
    if (!messages.ok()) return messages.error();
    for (const store::OutboxMessage& msg : messages.value()) {
      if (msg.kind == kSelfBillingInvoice && msg.month == m) out.push_back(IssuedInvoiceOf(msg));
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const exports::IssuedInvoice& a, const exports::IssuedInvoice& b) {
                     return a.provider < b.provider;
                   });
  return out;
}

}  // namespace seteli::books
