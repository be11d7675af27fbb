#include "CCurlShim.h"

CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
  return curl_easy_setopt(handle, option, value);
}
CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
  return curl_easy_setopt(handle, option, value);
}
CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
  return curl_easy_setopt(handle, option, value);
}
CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
  return curl_easy_setopt(handle, option, value);
}
CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
  return curl_easy_setopt(handle, option, value);
}
CURLcode ccurl_easy_setopt_data_cb(CURL *handle, CURLoption option, ccurl_data_cb value) {
  return curl_easy_setopt(handle, option, value);
}
CURLcode ccurl_easy_setopt_xferinfo_cb(CURL *handle, CURLoption option, ccurl_xferinfo_cb value) {
  return curl_easy_setopt(handle, option, value);
}
CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *out) {
  return curl_easy_getinfo(handle, info, out);
}
CURLcode ccurl_easy_getinfo_double(CURL *handle, CURLINFO info, double *out) {
  return curl_easy_getinfo(handle, info, out);
}
CURLcode ccurl_easy_getinfo_string(CURL *handle, CURLINFO info, char **out) {
  return curl_easy_getinfo(handle, info, out);
}
CURLcode ccurl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **out) {
  return curl_easy_getinfo(handle, info, out);
}
CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
  return curl_multi_setopt(multi, option, value);
}
