local current = redis.call('PTTL', KEYS[1])
local ms = tonumber(ARGV[1])
if current < ms then
  redis.call('SET', KEYS[1], '1', 'PX', ms)
  return ms
end
return current
