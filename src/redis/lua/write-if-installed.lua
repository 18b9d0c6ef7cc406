if redis.call('HGET', KEYS[1], 'status') ~= 'installed' then return 0 end
redis.call('HSET', KEYS[1], 'accessToken', ARGV[1], 'refreshToken', ARGV[2], 'expiresAt', ARGV[3], 'updatedAt', ARGV[4])
return 1
