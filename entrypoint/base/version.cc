#include "entrypoint/base/version.h"

#include <curl/curl.h>

#include "absl/base/config.h"
#include "absl/strings/str_cat.h"
#include "simdjson.h"

#ifndef PODINIT_VERSION
#define PODINIT_VERSION "unknown"
#endif

namespace entrypoint::base {

#define PODINIT_STR2(x) #x
#define PODINIT_STR(x) PODINIT_STR2(x)

std::string VersionText() {
  const curl_version_info_data* curl = curl_version_info(CURLVERSION_NOW);
  // The TLS library as curl reports it ("OpenSSL/3.0.x", "wolfSSL/5.5.4"): the static build
  // may link another one than the shared build.
  return absl::StrCat("podinit ", PODINIT_VERSION, "\n",
                      "libcurl ", curl->version, "\n",
                      "TLS ", curl->ssl_version ? curl->ssl_version : "none", "\n",
                      "simdjson ", PODINIT_STR(SIMDJSON_VERSION), "\n",
                      "Abseil ", ABSL_LTS_RELEASE_VERSION, ".", ABSL_LTS_RELEASE_PATCH_LEVEL, "\n");
}

std::string UserAgent() { return absl::StrCat("podinit/", PODINIT_VERSION); }

std::string VersionNumber() { return PODINIT_VERSION; }

}  // namespace entrypoint::base
