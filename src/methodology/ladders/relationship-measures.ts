import type { Measures } from '../types';
import { seed } from './cite';

/** Below C on either dimension: the seed's first step is an insider (seed 003 §2.3.1.3 发展内线). */
export const RELATIONSHIP_FLOOR_MEASURES: Measures = {
  source: seed('003', '§2.3.1.3 客户拜访 3、发展内线', '销售工程师拜访三次必须发展一个内线人'),
  items: [
    {
      zh: '拜访三次必须发展一个内线人:能提供客户信息、决策链信息的都可以,一般目标为弱电工程师',
      en: 'Develop an insider within three visits: anyone who can provide customer or decision-chain information will do, typically the low-voltage (ELV) systems engineer',
    },
    {
      zh: '可向相关部门及决策链上游延伸;如拜访3次以上无法达成目标,主动请求办事处经理协助',
      en: 'Extend to related departments and up the decision chain; if three visits do not get there, ask the office manager for help',
    },
  ],
};
