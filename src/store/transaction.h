// A write transaction on one session that rolls back unless committed.
// SQLite takes the write lock at the start (BEGIN IMMEDIATE), so two writers
// never deadlock on a lock upgrade; PostgreSQL uses an ordinary transaction.
#ifndef SETELI_STORE_TRANSACTION_H_
#define SETELI_STORE_TRANSACTION_H_

#include <Poco/Data/Session.h>

#include "store/dialect.h"

namespace seteli::store {

class WriteTransaction {
 public:
  WriteTransaction(Poco::Data::Session& session, Dialect dialect);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  // Commits; throws the back end's exception if the commit fails (the
  // transaction is then rolled back by the destructor).
  void Commit();

 private:
  Poco::Data::Session& session_;
  Dialect dialect_;
  bool open_ = true;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_TRANSACTION_H_
