export * from './mig-parted';
