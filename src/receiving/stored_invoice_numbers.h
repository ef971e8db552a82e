// The organizer layer's duplicate check fed from the store: an invoice
// number counts as seen when the seller has an accepted invoice with it, or
// it came earlier in the same transmission.
//
//   StoredInvoiceNumbers numbers(&store);
//   options.numbers = &numbers;
//   ... validate ...
//   if (numbers.store_error()) return *numbers.store_error();
#ifndef SETELI_RECEIVING_STORED_INVOICE_NUMBERS_H_
#define SETELI_RECEIVING_STORED_INVOICE_NUMBERS_H_

#include <optional>
#include <string>

#include "finvoice/organizer_check.h"
#include "seteli/status.h"
#include "store/invoice_store.h"

namespace seteli::receiving {

class StoredInvoiceNumbers : public finvoice::InvoiceNumberRegister {
 public:
  explicit StoredInvoiceNumbers(store::InvoiceStore* store) : store_(store) {}

  bool SeenBefore(const std::string& seller, const std::string& number) override;
  // The first store failure met, if any: the caller fails the whole
  // receipt with it rather than trust a check that could not be made.
  const std::optional<Error>& store_error() const { return store_error_; }

 private:
  store::InvoiceStore* store_;
  std::optional<Error> store_error_;
};

}  // namespace seteli::receiving

#endif  // SETELI_RECEIVING_STORED_INVOICE_NUMBERS_H_
