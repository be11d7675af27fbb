#ifndef KQL_CCURLSHIM_H
#define KQL_CCURLSHIM_H

#include <curl/curl.h>

/* Typed wrappers around libcurl's variadic setters, which Swift cannot call directly. */

typedef size_t (*ccurl_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*ccurl_xferinfo_cb)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                 curl_off_t ultotal, curl_off_t ulnow);

CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode ccurl_easy_setopt_data_cb(CURL *handle, CURLoption option, ccurl_data_cb value);
CURLcode ccurl_easy_setopt_xferinfo_cb(CURL *handle, CURLoption option, ccurl_xferinfo_cb value);

CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *out);
CURLcode ccurl_easy_getinfo_double(CURL *handle, CURLINFO info, double *out);
CURLcode ccurl_easy_getinfo_string(CURL *handle, CURLINFO info, char **out);
CURLcode ccurl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **out);

CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

#endif
