// memsweep_eval: native kernels (N-API). Functions are registered in Init.
#include <node_api.h>

static napi_value Init(napi_env env, napi_value exports) { return exports; }

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
