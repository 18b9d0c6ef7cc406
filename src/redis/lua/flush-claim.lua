local want = tonumber(ARGV[1])
local busy = redis.call('ZCARD', KEYS[2])
local now = 0
if KEYS[3] then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
  busy = busy + redis.call('ZCARD', KEYS[3])
end
local candidates = redis.call('ZRANGE', KEYS[1], 0, want + busy - 1, 'WITHSCORES')
local claimed = {}
local n = 0
for i = 1, #candidates, 2 do
  if n >= want then break end
  local id = candidates[i]
  local free = not redis.call('ZSCORE', KEYS[2], id)
  if free and KEYS[3] and redis.call('ZSCORE', KEYS[3], id) then free = false end
  if free then
    redis.call('ZREM', KEYS[1], id)
    redis.call('ZADD', KEYS[2], candidates[i + 1], id)
    claimed[#claimed + 1] = id
    claimed[#claimed + 1] = candidates[i + 1]
    n = n + 1
  end
end
return claimed
