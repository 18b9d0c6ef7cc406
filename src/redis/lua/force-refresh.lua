if redis.call('HGET', KEYS[1], 'status') ~= 'installed' then return 0 end
local updated = tonumber(redis.call('HGET', KEYS[1], 'updatedAt') or '0') or 0
if tonumber(ARGV[1]) - updated < tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'expiresAt', '0')
return 1
