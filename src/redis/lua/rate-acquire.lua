local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return {0, blocked} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
if ARGV[4] == 'interactive' then
  redis.call('SET', KEYS[3], '1', 'PX', tonumber(ARGV[6]))
elseif redis.call('EXISTS', KEYS[3]) == 1 then
  limit = limit - tonumber(ARGV[5])
end
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, 0}
end
local freeing = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
local wait = tonumber(freeing[2]) + window - now
if wait < 1 then wait = 1 end
return {0, wait}
