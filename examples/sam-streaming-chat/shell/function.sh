# The function itself (Handler: function.handler → this file, function `handler`): prints an
# API Gateway proxy result for the event JSON in $1.
function handler () {
  local bytes=${#1}
  printf '{"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\\"runtime\\":\\"provided.al2023\\",\\"shell\\":\\"bash\\",\\"eventBytes\\":%s,\\"greeting\\":\\"%s\\"}"}' "$bytes" "${GREETING:-}"
}
