// PostgreSQL store URLs. Users write libpq URIs
// ("postgresql://seteli@db.example:5432/seteli?sslmode=require"); Poco's
// connector wants the keyword=value form, so the URI is translated here.
#ifndef SETELI_STORE_POSTGRES_URL_H_
#define SETELI_STORE_POSTGRES_URL_H_

#include <string>

#include "seteli/status.h"

namespace seteli::store {

// "postgresql://user:pw@host:port/db?k=v" -> "user='user' password='pw'
// host='host' port='port' dbname='db' k='v'", percent-decoded and quoted.
// Errors: bad_store_url.
Result<std::string> PostgresConnInfo(const std::string& url);

}  // namespace seteli::store

#endif  // SETELI_STORE_POSTGRES_URL_H_
