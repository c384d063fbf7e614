export { dmsPauseDuringChange } from './pause';
export { dmsResumeAfterChange } from './resume';
